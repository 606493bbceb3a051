package io.metricpipe.core.config;

import java.util.List;

/** Invalid configuration. The message lists every problem as {@code key: problem}, one a line. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("Invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String key, String problem) {
        this(List.of(key + ": " + problem));
    }

    public List<String> problems() {
        return problems;
    }
}
