package io.metricpipe.jobs;

import io.metricpipe.core.config.ConfigException;
import io.metricpipe.core.config.Durations;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command line: {@code --config FILE}, {@code --set section.key=value} (repeatable), {@code
 * --create-tables}, and for the demo {@code --follow} and {@code --run-for DURATION}. Anything else
 * is an error naming the argument.
 */
public final class JobArguments {
    public Path configFile;
    public final Map<String, String> overrides = new LinkedHashMap<>();
    public boolean createTables;
    public boolean follow;

    /** How long the demo runs before it stops by itself; null for its default. */
    public Duration runFor;

    public static JobArguments parse(String... args) {
        JobArguments a = new JobArguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config":
                    a.configFile = Paths.get(value(args, ++i, arg));
                    break;
                case "--set":
                    String kv = value(args, ++i, arg);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new ConfigException(
                                arg, "expects section.key=value, got '" + kv + "'");
                    }
                    a.overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                    break;
                case "--create-tables":
                    a.createTables = true;
                    break;
                case "--follow":
                    a.follow = true;
                    break;
                case "--run-for":
                    a.runFor = duration(value(args, ++i, arg), arg);
                    break;
                default:
                    throw new ConfigException(
                            arg,
                            "unknown argument; use --config FILE, --set section.key=value,"
                                    + " --create-tables, --follow, --run-for DURATION");
            }
        }
        return a;
    }

    private static Duration duration(String text, String flag) {
        try {
            Duration d = Durations.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new ConfigException(flag, "must be positive, got '" + text + "'");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(flag, e.getMessage());
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new ConfigException(flag, "needs a value");
        }
        return args[i];
    }
}
