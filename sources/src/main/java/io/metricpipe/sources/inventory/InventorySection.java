package io.metricpipe.sources.inventory;

import io.metricpipe.core.config.Problems;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code inventory}: polling the resources of the {@code aws} accounts and regions. */
public class InventorySection implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The services the inventory source describes (README "Resource inventory"). */
    public static final List<String> SERVICES = List.of("ec2", "ebs", "rds", "s3", "lambda", "elb");

    public boolean enabled = false;

    public List<String> services = new ArrayList<>(SERVICES);

    /** How often each (account, region, service) is described again. */
    public Duration refreshInterval = Duration.ofMinutes(15);

    /**
     * Calls per second per account, region and API (each describe, list or tagging call), shared by
     * all readers.
     */
    public double maxCallsPerSecond = 5;

    public void validate(Problems p) {
        if (enabled && services.isEmpty()) {
            p.add("inventory.services", "at least one service is required when enabled");
        }
        for (int i = 0; i < services.size(); i++) {
            if (!SERVICES.contains(services.get(i))) {
                p.add(
                        "inventory.services[" + i + "]",
                        "unknown service '" + services.get(i) + "' (known: " + SERVICES + ")");
            }
        }
        p.positive("inventory.refreshInterval", refreshInterval);
        p.positive("inventory.maxCallsPerSecond", maxCallsPerSecond);
    }
}
