package io.metricpipe.core.enrich;

import io.metricpipe.core.config.MatchingSection;
import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.WindowResult;
import java.io.Serializable;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which agent windows can meet an inventory resource, and how (the {@code matching} section): a
 * host by its EC2 instance, a web app or service by its configured target. Windows it cannot match
 * skip the join, and only the inventory records a match can use are broadcast to it.
 */
public final class AgentMatching implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String HOST_PREFIX = "host/";
    private static final String WEBAPP_PREFIX = "webapp/";
    private static final String SERVICE_PREFIX = "service/";
    private static final String TAG_PREFIX = "tag:";

    private final boolean agents;
    private final Map<String, String> apps = new HashMap<>();
    private final Set<String> arnTargets = new HashSet<>();
    private final boolean tagTargets;

    public AgentMatching(MatchingSection section) {
        this.agents = section.agents;
        section.apps.forEach((app, target) -> apps.put(app.toLowerCase(Locale.ROOT), target));
        for (String target : apps.values()) {
            if (!target.startsWith(TAG_PREFIX)) {
                arnTargets.add(target);
            }
        }
        this.tagTargets = arnTargets.size() < apps.size();
    }

    /** Whether any window can match at all; without, the job has no matching operator. */
    public boolean enabled() {
        return agents || !apps.isEmpty();
    }

    /** How an agent window meets its resource, if it can. */
    public enum Route {
        /** A host or a mapped app: the {@link AgentResourceMatcher}. */
        MATCH,
        /** It names its ARN: the {@link ResourceEnricher}, keyed by {@link #declaredArn}. */
        BY_ARN,
        /** Nothing can match it: no join, no wait. */
        NONE
    }

    public Route route(WindowResult r) {
        if (canMatch(r)) {
            return Route.MATCH;
        }
        return declaredArn(r) != null ? Route.BY_ARN : Route.NONE;
    }

    /** Whether the window is one this matching can give a resource. */
    public boolean canMatch(WindowResult r) {
        return agents && isHost(r) || appTarget(r) != null;
    }

    /** Whether a match can use the inventory record (the others are not broadcast). */
    public boolean uses(ResourceRecord r) {
        return agents && InstanceIndex.isInstance(r) || tagTargets || arnTargets.contains(r.arn);
    }

    static boolean isHost(WindowResult r) {
        return r.resourceKey.startsWith(HOST_PREFIX);
    }

    /**
     * The ARN a window's configured target names at {@code time}, an ARN or the first resource (in
     * ARN order) carrying the target's tag; null without a target or a resource.
     */
    String appResource(WindowResult r, InventoryVersions inventory, long time) {
        String target = appTarget(r);
        if (target == null || !target.startsWith(TAG_PREFIX)) {
            return target;
        }
        int eq = target.indexOf('=');
        return inventory.taggedAt(
                target.substring(TAG_PREFIX.length(), eq), target.substring(eq + 1), time);
    }

    private String appTarget(WindowResult r) {
        if (apps.isEmpty()) {
            return null;
        }
        if (r.resourceKey.startsWith(SERVICE_PREFIX)) {
            return apps.get(
                    r.resourceKey.substring(SERVICE_PREFIX.length()).toLowerCase(Locale.ROOT));
        }
        if (r.resourceKey.startsWith(WEBAPP_PREFIX)) {
            String host = urlHost(r.resourceKey.substring(WEBAPP_PREFIX.length()));
            return host == null ? null : apps.get(host);
        }
        return null;
    }

    /** The host of an app URL, lower case; a bare host name is its own host. */
    private static String urlHost(String url) {
        try {
            String host = URI.create(url.contains("://") ? url : "http://" + url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    /**
     * The ARN a window says it belongs to (a {@code metrics} event's {@code cloud.resource_id}), so
     * the enricher can join it by that; null when it names none.
     */
    public static String declaredArn(WindowResult r) {
        String id = r.attribute(ResourceMetadata.RESOURCE_ID);
        return id != null && id.startsWith("arn:") ? id : null;
    }
}
