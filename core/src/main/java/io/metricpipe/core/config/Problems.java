package io.metricpipe.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The problems found while validating a configuration, each as {@code key: problem}. Every section
 * checks its own keys into one of these, so that startup reports all problems at once.
 */
public final class Problems {
    public static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    private final List<String> problems = new ArrayList<>();

    public void add(String key, String problem) {
        problems.add(key + ": " + problem);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Each problem as {@code key: problem}. */
    public List<String> list() {
        return List.copyOf(problems);
    }

    /**
     * @throws ConfigException listing every problem, if there is any
     */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    public void positive(String key, int value) {
        if (value <= 0) {
            add(key, "must be positive, got " + value);
        }
    }

    public void positive(String key, double value) {
        if (!(value > 0)) {
            add(key, "must be positive, got " + value);
        }
    }

    public void positive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            add(key, "must be a positive duration, got " + value);
        }
    }

    public void notNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            add(key, "must not be negative, got " + value);
        }
    }

    public void between(String key, int value, int min, int max, String why) {
        if (value < min || value > max) {
            add(key, "must be between " + min + " and " + max + why + ", got " + value);
        }
    }

    public void require(String key, String value, Pattern pattern, String what) {
        if (value == null || value.isEmpty()) {
            add(key, "required");
        } else {
            matches(key, value, pattern, what);
        }
    }

    /** An optional value: checked only when set. */
    public void matches(String key, String value, Pattern pattern, String what) {
        if (value != null && !value.isEmpty() && !pattern.matcher(value).matches()) {
            add(key, "'" + value + "' is not " + what);
        }
    }

    public void region(String key, String value) {
        require(key, value, REGION, "an AWS region such as us-east-1");
    }

    public void accountId(String key, String value) {
        matches(key, value, ACCOUNT_ID, "a 12-digit AWS account id");
    }

    /** An optional endpoint override: an http(s) URL with a host. */
    public void endpoint(String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            URI uri = URI.create(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                    || uri.getHost() == null) {
                add(key, "'" + value + "' must be an http(s) URL such as http://localhost:4567");
            }
        } catch (IllegalArgumentException e) {
            add(key, "'" + value + "' is not a URL");
        }
    }

    /** An optional ISO-8601 instant. */
    public void instant(String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            add(key, "'" + value + "' is not an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }
}
