package io.metricpipe.core.enrich;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.WindowResult;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The attributes enrichment adds to a window result from its resource's inventory record, named by
 * OpenTelemetry conventions where one exists: {@code cloud.account.id}, {@code cloud.region},
 * {@code cloud.resource_id} (the ARN), {@code aws.resource.type}, {@code aws.resource.name}, {@code
 * aws.<attribute>} (e.g. {@code aws.instanceType}), {@code aws.tag.<key>}, and {@code
 * deployment.environment.name} from an {@code env} or {@code environment} tag. Attributes the
 * result already has (sent by an agent or set by the CloudWatch source) are kept.
 */
public final class ResourceMetadata {
    private ResourceMetadata() {}

    /** The attribute that names a result's resource by its ARN. */
    public static final String RESOURCE_ID = "cloud.resource_id";

    /**
     * Of a resource's versions, the one that held at {@code time}: the latest seen by then, or the
     * earliest when none is that old (a backfill); removals are never one. Null without a version.
     */
    public static ResourceRecord versionAt(Iterable<ResourceRecord> versions, long time) {
        ResourceRecord atTime = null;
        ResourceRecord earliest = null;
        for (ResourceRecord v : versions) {
            if (v.removed) {
                continue;
            }
            if (v.observedAt <= time && (atTime == null || v.observedAt > atTime.observedAt)) {
                atTime = v;
            }
            if (earliest == null || v.observedAt < earliest.observedAt) {
                earliest = v;
            }
        }
        return atTime != null ? atTime : earliest;
    }

    public static Map<String, String> attributes(ResourceRecord r) {
        Map<String, String> a = new TreeMap<>();
        a.put("cloud.account.id", r.account);
        a.put("cloud.region", r.region);
        a.put(RESOURCE_ID, r.arn);
        a.put("aws.resource.type", r.resourceType);
        a.put("aws.resource.name", r.name);
        for (int i = 0; i < r.attributeKeys.length; i++) {
            a.put("aws." + r.attributeKeys[i], r.attributeValues[i]);
        }
        for (int i = 0; i < r.tagKeys.length; i++) {
            a.put("aws.tag." + r.tagKeys[i], r.tagValues[i]);
            String key = r.tagKeys[i].toLowerCase(Locale.ROOT);
            if (key.equals("env") || key.equals("environment")) {
                a.put("deployment.environment.name", r.tagValues[i]);
            }
        }
        return a;
    }

    /** Whether an attribute is one enrichment adds (or a polled window brings). */
    public static boolean describesResource(String key) {
        return key.startsWith("aws.")
                || key.startsWith("cloud.")
                || key.equals("deployment.environment.name");
    }

    /** A copy of {@code result} with the metadata's attributes added, keys in sorted order. */
    public static WindowResult enrich(WindowResult result, ResourceRecord metadata) {
        Map<String, String> merged = new TreeMap<>(attributes(metadata));
        for (int i = 0; i < result.attributeKeys.length; i++) {
            merged.put(result.attributeKeys[i], result.attributeValues[i]);
        }
        return result.withContents(
                result.metrics,
                merged.keySet().toArray(new String[0]),
                merged.values().toArray(new String[0]));
    }
}
