package io.metricpipe.core.model;

import java.io.Serializable;

/**
 * The rules of one version of the alert rules file, for every alert evaluator: the valid rules as
 * JSON by name (so they travel and sit in broadcast state as plain strings, whatever a rule's
 * fields become), and the names of rejected rules whose definition from before stays. A POJO.
 */
public class AlertRuleUpdate implements Serializable {
    private static final long serialVersionUID = 1L;

    public String[] names = new String[0];
    public String[] definitions = new String[0];
    public String[] rejected = new String[0];

    public AlertRuleUpdate() {}
}
