package io.metricpipe.jobs.local;

import io.metricpipe.testing.cluster.LocalFlinkCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bin/cluster}: a local Flink 1.20 session cluster of real JobManager and TaskManager
 * processes, and the job's life on it. Everything lives in {@code target/cluster}: {@code conf/},
 * {@code log/} (one file per process), {@code pid/}, {@code savepoints/} and {@code checkpoints/}.
 *
 * <pre>
 * start  [--taskmanagers N] [--slots M] [--port P]   start the cluster (Web UI on 8081)
 * submit [--parallelism P] [job arguments]          submit the shaded jar; prints the job id
 * savepoint JOB                                     take a savepoint; prints its path
 * stop JOB                                          stop with a savepoint; prints its path
 * resume SAVEPOINT [--parallelism P] [job args]     start the job from a savepoint
 * status                                            processes, TaskManagers and jobs
 * down                                              stop every process of the cluster
 * </pre>
 *
 * Job arguments are {@code Main}'s: {@code --config FILE}, {@code --set section.key=value}, {@code
 * --create-tables}. Unless they set it, {@code job.checkpointDir} is {@code
 * target/cluster/checkpoints}.
 */
public final class ClusterCommand {
    private static final String USAGE =
            "usage: bin/cluster start [--taskmanagers N] [--slots M] [--port P]\n"
                    + "       bin/cluster submit [--parallelism P] [--config FILE] [--set k=v ...]\n"
                    + "       bin/cluster savepoint JOB | stop JOB\n"
                    + "       bin/cluster resume SAVEPOINT [--parallelism P] [job arguments]\n"
                    + "       bin/cluster status | down";

    private final Path root =
            Paths.get(System.getProperty("metricpipe.root", ".")).toAbsolutePath();
    private final Path home = root.resolve("target/cluster");

    private ClusterCommand() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            fail(USAGE);
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        new ClusterCommand().run(args[0], rest);
    }

    private void run(String command, List<String> args) throws Exception {
        switch (command) {
            case "start":
                start(args);
                break;
            case "submit":
                System.out.println(submit(null, args));
                break;
            case "resume":
                if (args.isEmpty()) {
                    fail("resume needs the savepoint path printed by stop or savepoint");
                }
                System.out.println(submit(args.get(0), args.subList(1, args.size())));
                break;
            case "savepoint":
                System.out.println(cluster().rest().savepoint(job(args), savepoints()));
                break;
            case "stop":
                System.out.println(cluster().rest().stopWithSavepoint(job(args), savepoints()));
                break;
            case "status":
                status();
                break;
            case "down":
                down();
                break;
            default:
                fail("unknown command '" + command + "'\n" + USAGE);
        }
    }

    private void start(List<String> args) throws Exception {
        LocalFlinkCluster.Settings s = new LocalFlinkCluster.Settings();
        s.home = home;
        s.classpathFile = root.resolve("deploy/cluster/target/flink.classpath");
        s.javaFlags = System.getProperty("flink.java17.flags", "");
        s.log4jConfig = root.resolve("deploy/cluster/log4j2.properties");
        for (int i = 0; i < args.size(); i++) {
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (args.get(i)) {
                case "--taskmanagers":
                    s.taskManagers = positive("--taskmanagers", value);
                    break;
                case "--slots":
                    s.slots = positive("--slots", value);
                    break;
                case "--port":
                    s.restPort = positive("--port", value);
                    break;
                default:
                    fail("unknown option '" + args.get(i) + "'\n" + USAGE);
            }
            i++;
        }
        LocalFlinkCluster.start(s);
        System.out.printf(
                "cluster up: %d TaskManager(s) x %d slots; Web UI on http://localhost:%d; logs in"
                        + " %s%n",
                s.taskManagers, s.slots, s.restPort, home.resolve("log"));
    }

    private String submit(String savepoint, List<String> args) throws Exception {
        int parallelism = 2;
        List<String> jobArgs = new ArrayList<>();
        boolean checkpointDirSet = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--parallelism")) {
                parallelism = positive(a, i + 1 < args.size() ? args.get(++i) : null);
            } else if (a.equals("--config") && i + 1 < args.size()) {
                jobArgs.add(a);
                // The JobManager runs Main: it needs a path it can open.
                jobArgs.add(Paths.get(args.get(++i)).toAbsolutePath().toString());
            } else {
                checkpointDirSet |= a.startsWith("job.checkpointDir=");
                jobArgs.add(a);
            }
        }
        if (!checkpointDirSet) {
            jobArgs.add("--set");
            jobArgs.add("job.checkpointDir=" + home.resolve("checkpoints").toUri());
        }
        LocalFlinkCluster.FlinkRest rest = cluster().rest();
        String job =
                rest.run(
                        rest.uploadJar(shadedJar(root.resolve("jobs/target"))),
                        jobArgs,
                        parallelism,
                        savepoint);
        rest.awaitAllTasksRunning(job, Duration.ofSeconds(120));
        return job;
    }

    private void status() throws Exception {
        Map<String, ProcessHandle> processes = cluster().processes();
        if (processes.isEmpty()) {
            System.out.println("no cluster process is running");
            return;
        }
        processes.forEach((name, p) -> System.out.printf("%-16s pid %d%n", name, p.pid()));
        LocalFlinkCluster.FlinkRest rest = cluster().rest();
        System.out.printf(
                "Web UI %s, %d TaskManager(s) registered%n", rest.base(), rest.taskManagers());
        rest.jobs().forEach(System.out::println);
    }

    private void down() throws IOException {
        if (!Files.exists(home.resolve("conf/config.yaml"))) {
            System.out.println("no cluster in " + home);
            return;
        }
        LocalFlinkCluster cluster = cluster();
        int n = cluster.processes().size();
        cluster.close();
        System.out.println("stopped " + n + " process(es)");
    }

    private LocalFlinkCluster cluster() throws IOException {
        if (!Files.exists(home.resolve("conf/config.yaml"))) {
            fail("no cluster in " + home + "; run bin/cluster start");
        }
        return LocalFlinkCluster.attach(home);
    }

    private String savepoints() {
        return home.resolve("savepoints").toUri().toString();
    }

    /** The shaded job jar the package phase built in {@code jobsTarget}. */
    public static Path shadedJar(Path jobsTarget) throws IOException {
        try (Stream<Path> files = Files.list(jobsTarget)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no shaded *-job.jar in " + jobsTarget));
        }
    }

    private static String job(List<String> args) {
        if (args.size() != 1) {
            fail("expects one job id (bin/cluster status lists them)");
        }
        return args.get(0);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(String.valueOf(value));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(option + " needs a positive number, got '" + value + "'");
        return 0;
    }

    private static void fail(String message) {
        System.err.println("bin/cluster: " + message);
        System.exit(2);
    }
}
