package io.metricpipe.core.enrich;

import io.metricpipe.core.model.ResourceRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * EC2 instances by what an agent on the host can tell about itself: its instance id, its private
 * IP, or its hostname (the first label of the private DNS name, {@code ip-10-0-1-10}). Each key
 * keeps its owners as versions by event time (the inventory record's {@link
 * ResourceRecord#observedAt}), so an IP reused by a new instance matches the old one before the
 * refresh that saw the change and the new one from then on, and a replay matches alike. The {@link
 * AgentResourceMatcher} keeps one, rebuilt from its broadcast state after a restore.
 */
public final class InstanceIndex implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Owner versions per key; a null owner means no instance has the key from then on. */
    private final Map<String, TreeMap<Long, String>> owners = new HashMap<>();

    /** The keys each instance had at its latest record, to retire them when they change. */
    private final Map<String, List<String>> keysOf = new HashMap<>();

    /** Whether an inventory record is an EC2 instance's (or its removal's), the only ones used. */
    public static boolean isInstance(ResourceRecord r) {
        return r.arn != null && r.arn.startsWith("arn:aws:ec2:") && r.arn.contains(":instance/");
    }

    /** Takes an inventory record in; anything but an EC2 instance (or its removal) is ignored. */
    public void observe(ResourceRecord r) {
        if (!isInstance(r)) {
            return;
        }
        List<String> previous = keysOf.getOrDefault(r.arn, List.of());
        if (r.removed) {
            retire(r.arn, previous, r.observedAt);
            keysOf.remove(r.arn);
            return;
        }
        List<String> keys = keys(r);
        List<String> gone = new ArrayList<>(previous);
        gone.removeAll(keys);
        retire(r.arn, gone, r.observedAt);
        for (String key : keys) {
            TreeMap<Long, String> versions = owners.computeIfAbsent(key, k -> new TreeMap<>());
            Map.Entry<Long, String> current = versions.lastEntry();
            if (current == null || !r.arn.equals(current.getValue())) {
                versions.put(r.observedAt, r.arn);
            }
        }
        keysOf.put(r.arn, keys);
    }

    /**
     * The instance an agent matches at {@code time}: by instance id, else private IP, else
     * hostname; null when none does. Before a key's first version, its first owner (a backfill is
     * older than any refresh).
     */
    public String match(String instanceId, String ip, String hostname, long time) {
        for (String key : new String[] {idKey(instanceId), ipKey(ip), dnsKey(hostname)}) {
            String arn = ownerAt(key, time);
            if (arn != null) {
                return arn;
            }
        }
        return null;
    }

    /**
     * Drops versions no window can ask for any more: those older than {@code horizon}, except the
     * newest of them, which still holds at the horizon.
     */
    public void prune(long horizon) {
        owners.values()
                .removeIf(
                        versions -> {
                            Long held = versions.floorKey(horizon);
                            if (held != null) {
                                versions.headMap(held, false).clear();
                            }
                            return versions.size() == 1 && versions.firstEntry().getValue() == null;
                        });
    }

    private String ownerAt(String key, long time) {
        TreeMap<Long, String> versions = key == null ? null : owners.get(key);
        if (versions == null) {
            return null;
        }
        Map.Entry<Long, String> at = versions.floorEntry(time);
        return (at != null ? at : versions.firstEntry()).getValue();
    }

    private void retire(String arn, List<String> keys, long time) {
        for (String key : keys) {
            TreeMap<Long, String> versions = owners.get(key);
            if (versions != null && arn.equals(versions.lastEntry().getValue())) {
                versions.put(time, null);
            }
        }
    }

    private static List<String> keys(ResourceRecord r) {
        List<String> keys = new ArrayList<>(3);
        add(keys, idKey(r.id));
        for (int i = 0; i < r.attributeKeys.length; i++) {
            if (r.attributeKeys[i].equals("privateIpAddress")) {
                add(keys, ipKey(r.attributeValues[i]));
            } else if (r.attributeKeys[i].equals("privateDnsName")) {
                add(keys, dnsKey(r.attributeValues[i]));
            }
        }
        return keys;
    }

    private static void add(List<String> keys, String key) {
        if (key != null) {
            keys.add(key);
        }
    }

    private static String idKey(String instanceId) {
        return instanceId == null || !instanceId.startsWith("i-") ? null : "id:" + instanceId;
    }

    private static String ipKey(String ip) {
        return ip == null || ip.isEmpty() ? null : "ip:" + ip;
    }

    /** {@code ip-10-0-1-10.eu-west-1.compute.internal} and {@code ip-10-0-1-10} alike. */
    private static String dnsKey(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        int dot = name.indexOf('.');
        return "dns:" + (dot < 0 ? name : name.substring(0, dot)).toLowerCase(Locale.ROOT);
    }
}
