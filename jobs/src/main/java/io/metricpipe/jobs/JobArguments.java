package io.metricpipe.jobs;

import io.metricpipe.core.config.ConfigException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command line: {@code --config FILE}, {@code --set section.key=value} (repeatable), {@code
 * --create-tables}, and for the demo {@code --follow}. Anything else is an error naming the
 * argument.
 */
public final class JobArguments {
    public Path configFile;
    public final Map<String, String> overrides = new LinkedHashMap<>();
    public boolean createTables;
    public boolean follow;

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
                default:
                    throw new ConfigException(
                            arg,
                            "unknown argument; use --config FILE, --set section.key=value,"
                                    + " --create-tables, --follow");
            }
        }
        return a;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new ConfigException(flag, "needs a value");
        }
        return args[i];
    }
}
