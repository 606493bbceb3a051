package io.metricpipe.core.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code matching}: which agent windows meet an AWS resource of the inventory. {@code agents}: an
 * agent host ({@code host/…}) meets its EC2 instance by instance id, private IP or hostname. {@code
 * apps}: a web app (by the host of its URL) or an {@code http-request} service (by its name) meets
 * the resource of a configured ARN, or the resource carrying a tag ({@code tag:Key=Value}).
 */
public class MatchingSection implements Serializable {
    private static final long serialVersionUID = 1L;

    /** An app's target: an ARN, or {@code tag:} a tag key, {@code =}, its value. */
    public static final Pattern TARGET = Pattern.compile("arn:aws[a-z-]*:[^\\s]+|tag:[^=\\s]+=.+");

    public boolean agents = true;

    public Map<String, String> apps = new LinkedHashMap<>();

    public void validate(Problems p) {
        for (Map.Entry<String, String> app : apps.entrySet()) {
            String key = "matching.apps." + app.getKey();
            if (app.getKey().isBlank()) {
                p.add("matching.apps", "an app's name (URL host or service) must not be blank");
            }
            p.require(key, app.getValue(), TARGET, "an ARN or tag:Key=Value");
        }
    }
}
