package io.metricpipe.core.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code alerts}: rules evaluated on every window result. On MSF, {@code rules} is one property
 * holding the list as JSON.
 */
public class AlertsSection implements Serializable {
    private static final long serialVersionUID = 1L;

    public List<AlertRule> rules = new ArrayList<>();
}
