package io.metricpipe.sources.cloudwatch;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes to one CloudWatch collector's defaults: any field given replaces the default. A collector
 * name that is not a default defines a new collector, and then needs namespace, dimensions, metrics
 * and period.
 */
public class CollectorOverride implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One metric and the statistics to ask for. */
    public static class Metric implements Serializable {
        private static final long serialVersionUID = 1L;

        public String name = "";
        public List<String> statistics = new ArrayList<>();
    }

    public String collector = "";
    public String namespace = "";
    public List<String> dimensions = new ArrayList<>();
    public List<Metric> metrics = new ArrayList<>();

    /** A multiple of one minute; null keeps the default. */
    public Duration period;

    /**
     * How often to poll once caught up, a multiple of the period (default: each period as it
     * settles). Every datapoint is still fetched; calls, and CloudWatch's bill, drop by the factor.
     */
    public Duration pollInterval;
}
