package io.metricpipe.core.enrich;

import io.metricpipe.core.model.ResourceRecord;
import java.util.Map;
import java.util.TreeMap;

/**
 * The inventory records an {@link AgentResourceMatcher} keeps, as versions by event time per ARN
 * (ARN order, so a tag lookup is deterministic), with the {@link InstanceIndex} of the EC2
 * instances among them. A record that changes nothing against its resource's latest version is not
 * kept.
 */
final class InventoryVersions {
    private final Map<String, TreeMap<Long, ResourceRecord>> byArn = new TreeMap<>();
    private final InstanceIndex instances = new InstanceIndex();

    /** Takes a record in; false when it adds no version (it repeats the latest one). */
    boolean observe(ResourceRecord r) {
        TreeMap<Long, ResourceRecord> versions = byArn.computeIfAbsent(r.arn, a -> new TreeMap<>());
        Map.Entry<Long, ResourceRecord> latest = versions.lastEntry();
        if (latest != null
                && (latest.getKey() >= r.observedAt || latest.getValue().sameContent(r))) {
            return false;
        }
        versions.put(r.observedAt, r);
        instances.observe(r);
        return true;
    }

    InstanceIndex instances() {
        return instances;
    }

    /**
     * The resource's version that held at {@code time} (see {@link ResourceMetadata#versionAt}).
     */
    ResourceRecord at(String arn, long time) {
        TreeMap<Long, ResourceRecord> versions = byArn.get(arn);
        return versions == null ? null : ResourceMetadata.versionAt(versions.values(), time);
    }

    /** The first ARN whose version at {@code time} carries the tag; null when none does. */
    String taggedAt(String key, String value, long time) {
        for (String arn : byArn.keySet()) {
            ResourceRecord r = at(arn, time);
            if (r != null && value.equals(r.tag(key))) {
                return arn;
            }
        }
        return null;
    }

    /** Whether the record is one of the versions kept. */
    boolean holds(ResourceRecord r) {
        TreeMap<Long, ResourceRecord> versions = byArn.get(r.arn);
        return versions != null && r.equals(versions.get(r.observedAt));
    }

    /**
     * Drops the versions older than {@code horizon} but each resource's newest of them (it holds at
     * the horizon), and a resource whose newest version is an old removal entirely.
     */
    void prune(long horizon) {
        byArn.values()
                .removeIf(
                        versions -> {
                            Long held = versions.floorKey(horizon);
                            if (held == null) {
                                return false;
                            }
                            versions.headMap(held, false).clear();
                            return versions.size() == 1 && versions.firstEntry().getValue().removed;
                        });
        instances.prune(horizon);
    }
}
