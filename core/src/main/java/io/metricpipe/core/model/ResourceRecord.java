package io.metricpipe.core.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One AWS resource as the inventory saw it at {@link #observedAt}: what it is, where, its
 * attributes and its tags. {@link #arn} is the resource key its metrics are windowed under. A Flink
 * POJO of parallel arrays sorted by key, so it serializes without Kryo and compares by value.
 */
public class ResourceRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    public String arn;

    /** The tagging API's type: {@code ec2:instance}, {@code rds:db}, {@code s3:bucket}, ... */
    public String resourceType;

    /** The service's own id: instance id, volume id, DB identifier, bucket, function, LB name. */
    public String id;

    /** The {@code Name} tag, or the id. */
    public String name;

    public String account;
    public String region;

    /** Described attributes: instance type, private IP and DNS, engine, runtime, state, ... */
    public String[] attributeKeys;

    public String[] attributeValues;

    /** Every tag; empty for an untagged resource. */
    public String[] tagKeys;

    public String[] tagValues;

    /** When the inventory refresh that saw it (or saw it gone) finished, epoch ms. */
    public long observedAt;

    /** True when the resource was there at the previous refresh and is gone now. */
    public boolean removed;

    public ResourceRecord() {}

    /** A present resource; {@code attributes} and {@code tags} are taken in key order. */
    public static ResourceRecord of(
            String arn,
            String resourceType,
            String id,
            String account,
            String region,
            SortedMap<String, String> attributes,
            SortedMap<String, String> tags,
            long observedAt) {
        ResourceRecord r = new ResourceRecord();
        r.arn = arn;
        r.resourceType = resourceType;
        r.id = id;
        r.name = tags.getOrDefault("Name", id);
        r.account = account;
        r.region = region;
        r.attributeKeys = attributes.keySet().toArray(new String[0]);
        r.attributeValues = attributes.values().toArray(new String[0]);
        r.tagKeys = tags.keySet().toArray(new String[0]);
        r.tagValues = tags.values().toArray(new String[0]);
        r.observedAt = observedAt;
        return r;
    }

    /** The record saying that {@code arn} is gone. */
    public static ResourceRecord removed(
            String arn, String account, String region, long observedAt) {
        ResourceRecord r =
                of(arn, "", "", account, region, new TreeMap<>(), new TreeMap<>(), observedAt);
        r.removed = true;
        return r;
    }

    public String attribute(String key) {
        return lookup(attributeKeys, attributeValues, key);
    }

    public String tag(String key) {
        return lookup(tagKeys, tagValues, key);
    }

    public Map<String, String> tags() {
        return zip(tagKeys, tagValues);
    }

    public Map<String, String> attributes() {
        return zip(attributeKeys, attributeValues);
    }

    private static Map<String, String> zip(String[] keys, String[] values) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.put(keys[i], values[i]);
        }
        return m;
    }

    private static String lookup(String[] keys, String[] values, String key) {
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? values[i] : null;
    }

    /** Whether the two say the same of a resource, whenever each was seen. */
    public boolean sameContent(ResourceRecord other) {
        return removed == other.removed
                && name.equals(other.name)
                && resourceType.equals(other.resourceType)
                && Arrays.equals(attributeKeys, other.attributeKeys)
                && Arrays.equals(attributeValues, other.attributeValues)
                && Arrays.equals(tagKeys, other.tagKeys)
                && Arrays.equals(tagValues, other.tagValues);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ResourceRecord)) {
            return false;
        }
        ResourceRecord r = (ResourceRecord) o;
        return observedAt == r.observedAt
                && removed == r.removed
                && Objects.equals(arn, r.arn)
                && Objects.equals(resourceType, r.resourceType)
                && Objects.equals(id, r.id)
                && Objects.equals(name, r.name)
                && Objects.equals(account, r.account)
                && Objects.equals(region, r.region)
                && Arrays.equals(attributeKeys, r.attributeKeys)
                && Arrays.equals(attributeValues, r.attributeValues)
                && Arrays.equals(tagKeys, r.tagKeys)
                && Arrays.equals(tagValues, r.tagValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(arn, observedAt, removed);
    }

    @Override
    public String toString() {
        return (removed ? "removed " : "")
                + arn
                + " "
                + resourceType
                + " "
                + name
                + " "
                + attributes()
                + " tags="
                + tags()
                + " @"
                + observedAt;
    }
}
