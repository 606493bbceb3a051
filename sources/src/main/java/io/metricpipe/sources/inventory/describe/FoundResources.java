package io.metricpipe.sources.inventory.describe;

import io.metricpipe.core.model.ResourceRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one refresh of a scope found: resources from the describe and list calls, and tags from the
 * tagging API. Only described resources become records, because the tagging API keeps listing a
 * resource for a while after it is deleted; untagged resources are described, so they are there.
 */
public final class FoundResources {
    private final String account;
    private final String region;
    private final Map<String, Described> described = new LinkedHashMap<>();
    private final Map<String, SortedMap<String, String>> tagged = new LinkedHashMap<>();

    private static final class Described {
        final String type;
        final String id;
        final SortedMap<String, String> attributes;
        final SortedMap<String, String> tags;

        Described(
                String type,
                String id,
                SortedMap<String, String> attributes,
                SortedMap<String, String> tags) {
            this.type = type;
            this.id = id;
            this.attributes = attributes;
            this.tags = tags;
        }
    }

    public FoundResources(String account, String region) {
        this.account = account;
        this.region = region;
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    /**
     * A described resource.
     *
     * @param attributes null values are left out
     * @param tags tags the describe call returned too (the tagging API's win)
     */
    public void described(
            String arn,
            String type,
            String id,
            Map<String, String> attributes,
            Map<String, String> tags) {
        SortedMap<String, String> a = new TreeMap<>();
        attributes.forEach(
                (k, v) -> {
                    if (v != null && !v.isEmpty()) {
                        a.put(k, v);
                    }
                });
        described.put(arn, new Described(type, id, a, new TreeMap<>(tags)));
    }

    public void tagged(String arn, Map<String, String> tags) {
        tagged.computeIfAbsent(arn, k -> new TreeMap<>()).putAll(tags);
    }

    public int size() {
        return described.size();
    }

    /** The records of this refresh, in the order found. */
    public List<ResourceRecord> records(long observedAt) {
        List<ResourceRecord> out = new ArrayList<>(described.size());
        described.forEach(
                (arn, d) -> {
                    SortedMap<String, String> tags = new TreeMap<>(d.tags);
                    tags.putAll(tagged.getOrDefault(arn, new TreeMap<>()));
                    out.add(
                            ResourceRecord.of(
                                    arn,
                                    d.type,
                                    d.id,
                                    account,
                                    region,
                                    d.attributes,
                                    tags,
                                    observedAt));
                });
        return out;
    }
}
