package io.metricpipe.testing.cluster;

import io.metricpipe.testing.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Flink 1.20 session cluster of real JobManager and TaskManager processes, started from the
 * Maven-resolved Flink classpath (there is no flink-dist here), the way Flink's own {@code bin/}
 * scripts start them: one home folder holds {@code conf/config.yaml}, {@code log/} (one file per
 * process) and {@code pid/} (one file per process), so a later command finds the cluster again.
 *
 * <p>The TaskManagers get the memory options Flink's scripts compute ({@code BashJavaUtils
 * GET_TM_RESOURCE_PARAMS}); every process gets Flink's Java 17 {@code --add-opens} flags.
 */
public final class LocalFlinkCluster implements AutoCloseable {
    private static final String JOB_MANAGER =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String BASH_JAVA_UTILS =
            "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private final Path home;
    private final int restPort;

    private LocalFlinkCluster(Path home, int restPort) {
        this.home = home;
        this.restPort = restPort;
    }

    /** What to start: where, on which port, how many TaskManagers with how many slots. */
    public static final class Settings {
        public Path home;
        public Path classpathFile;
        public String javaFlags = "";
        public Path log4jConfig;
        public int restPort = 8081;
        public int taskManagers = 1;
        public int slots = 2;
        public String taskManagerMemory = "1600m";

        /** Extra environment of every process, e.g. credentials for local emulators. */
        public Map<String, String> environment = new LinkedHashMap<>();

        /** Extra lines of {@code config.yaml}, {@code key: value}. */
        public Map<String, String> config = new LinkedHashMap<>();
    }

    /** Starts a JobManager and the TaskManagers, and waits until they have all registered. */
    public static LocalFlinkCluster start(Settings s) throws IOException, InterruptedException {
        if (pids(s.home).findAny().isPresent()) {
            throw new IllegalStateException(
                    "a cluster is already running from " + s.home + " (stop it first)");
        }
        Path conf = Files.createDirectories(s.home.resolve("conf"));
        Files.createDirectories(s.home.resolve("log"));
        Files.createDirectories(s.home.resolve("pid"));
        Files.writeString(conf.resolve("config.yaml"), config(s), StandardCharsets.UTF_8);
        String classpath = Files.readString(s.classpathFile).trim();

        LocalFlinkCluster cluster = new LocalFlinkCluster(s.home, s.restPort);
        cluster.launch(
                s,
                classpath,
                "jobmanager",
                JOB_MANAGER,
                List.of(),
                List.of("-Xmx768m", "-Xms768m"));
        cluster.rest().awaitReady(Duration.ofSeconds(90));
        for (int i = 0; i < s.taskManagers; i++) {
            cluster.startTaskManager(s, "taskmanager-" + i);
        }
        cluster.rest().awaitTaskManagers(s.taskManagers, Duration.ofSeconds(90));
        return cluster;
    }

    /**
     * Starts one more TaskManager named {@code name}, as a supervisor would after one died; does
     * not wait for it to register.
     */
    public void startTaskManager(Settings s, String name) throws IOException, InterruptedException {
        String classpath = Files.readString(s.classpathFile).trim();
        List<String> resources = taskManagerResources(s, classpath);
        List<String> jvm = Arrays.asList(resources.get(0).trim().split("\\s+"));
        List<String> dynamic = Arrays.asList(resources.get(1).trim().split("\\s+"));
        launch(s, classpath, name, TASK_MANAGER, dynamic, jvm);
    }

    /** The cluster started from {@code home} by an earlier command. */
    public static LocalFlinkCluster attach(Path home) throws IOException {
        String config = Files.readString(home.resolve("conf/config.yaml"));
        int port =
                config.lines()
                        .filter(l -> l.startsWith("rest.port:"))
                        .map(l -> Integer.parseInt(l.substring("rest.port:".length()).trim()))
                        .findFirst()
                        .orElse(8081);
        return new LocalFlinkCluster(home, port);
    }

    public FlinkRest rest() {
        return new FlinkRest(URI.create("http://localhost:" + restPort));
    }

    public Path home() {
        return home;
    }

    /** The processes of this cluster that are still alive, by name. */
    public Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> alive = new LinkedHashMap<>();
        pids(home)
                .forEach(
                        pid -> {
                            try {
                                long id = Long.parseLong(Files.readString(pid).trim());
                                ProcessHandle.of(id)
                                        .filter(ProcessHandle::isAlive)
                                        .ifPresent(p -> alive.put(name(pid), p));
                            } catch (IOException | NumberFormatException e) {
                                // A pid file being written or removed: not a live process.
                            }
                        });
        return alive;
    }

    /** Stops every process (TERM, then KILL after 20 s) and removes the pid files. */
    @Override
    public void close() throws IOException {
        Map<String, ProcessHandle> alive = processes();
        alive.values().forEach(ProcessHandle::destroy);
        for (ProcessHandle p : alive.values()) {
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        for (Path pid : pids(home).collect(Collectors.toList())) {
            Files.deleteIfExists(pid);
        }
    }

    private void launch(
            Settings s,
            String classpath,
            String name,
            String mainClass,
            List<String> args,
            List<String> jvm)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Ports.javaCommand());
        command.addAll(jvm);
        if (!s.javaFlags.isBlank()) {
            command.addAll(Arrays.asList(s.javaFlags.trim().split("\\s+")));
        }
        command.add("-Dlog.file=" + home.resolve("log/" + name + ".log"));
        if (s.log4jConfig != null) {
            command.add("-Dlog4j.configurationFile=" + s.log4jConfig.toAbsolutePath().toUri());
        }
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(home.resolve("conf").toString());
        command.addAll(args);
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve("log/" + name + ".out").toFile());
        builder.environment().putAll(s.environment);
        Process process = builder.start();
        Files.writeString(home.resolve("pid/" + name + ".pid"), Long.toString(process.pid()));
    }

    /** The JVM flags and dynamic properties Flink's scripts give a TaskManager. */
    private static List<String> taskManagerResources(Settings s, String classpath)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Ports.javaCommand());
        command.add("-cp");
        command.add(classpath);
        command.add(BASH_JAVA_UTILS);
        command.add("GET_TM_RESOURCE_PARAMS");
        command.add("--configDir");
        command.add(s.home.resolve("conf").toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("BashJavaUtils failed:\n" + out);
        }
        List<String> results =
                out.lines()
                        .filter(l -> l.startsWith(RESULT_PREFIX))
                        .map(l -> l.substring(RESULT_PREFIX.length()))
                        .collect(Collectors.toList());
        if (results.size() < 2) {
            throw new IOException("BashJavaUtils printed no resource parameters:\n" + out);
        }
        return results.subList(results.size() - 2, results.size());
    }

    private static String config(Settings s) {
        return String.join(
                "\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.bind-host: localhost",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.memory.process.size: " + s.taskManagerMemory,
                "taskmanager.numberOfTaskSlots: " + s.slots,
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + s.restPort,
                "parallelism.default: 1",
                "web.upload.dir: " + s.home.resolve("upload"),
                "io.tmp.dirs: " + s.home.resolve("tmp"),
                s.config.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("\n")),
                "");
    }

    private static Stream<Path> pids(Path home) {
        Path dir = home.resolve("pid");
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files
                    .filter(f -> f.toString().endsWith(".pid"))
                    .collect(Collectors.toList())
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path pid) {
        String file = pid.getFileName().toString();
        return file.substring(0, file.length() - ".pid".length());
    }

    /** Flink's REST API, the calls a cluster command needs. */
    public static final class FlinkRest {
        private final URI base;
        private final HttpClient http = HttpClient.newHttpClient();

        /** Flink's REST API at {@code base}, of this cluster or any other (a MiniCluster's). */
        public FlinkRest(URI base) {
            this.base = base;
        }

        public URI base() {
            return base;
        }

        public String get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
        }

        String post(String path, String json) throws IOException, InterruptedException {
            return send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build());
        }

        private String send(HttpRequest request) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException(
                        request.method()
                                + " "
                                + request.uri()
                                + " answered "
                                + r.statusCode()
                                + ": "
                                + r.body());
            }
            return r.body();
        }

        void awaitReady(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    get("/overview");
                    return;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the JobManager's REST API did not come up", e);
                    }
                    Thread.sleep(500);
                }
            }
        }

        void awaitTaskManagers(int n, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (taskManagers() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            "only " + taskManagers() + " of " + n + " TaskManagers registered");
                }
                Thread.sleep(500);
            }
        }

        public int taskManagers() throws IOException, InterruptedException {
            return Json.read(get("/taskmanagers")).path("taskmanagers").size();
        }

        /** Uploads a job jar; returns its id on the cluster. */
        public String uploadJar(Path jar) throws IOException, InterruptedException {
            String boundary = "metricpipe-" + System.nanoTime();
            byte[] head =
                    ("--"
                                    + boundary
                                    + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                                    + " filename=\""
                                    + jar.getFileName()
                                    + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            String body =
                    send(
                            HttpRequest.newBuilder(base.resolve("/jars/upload"))
                                    .header(
                                            "Content-Type",
                                            "multipart/form-data; boundary=" + boundary)
                                    .POST(
                                            HttpRequest.BodyPublishers.ofByteArrays(
                                                    List.of(head, Files.readAllBytes(jar), tail)))
                                    .build());
            String file = Json.read(body).path("filename").asText();
            return file.substring(file.lastIndexOf('/') + 1);
        }

        /** Runs an uploaded jar; returns the job id. */
        public String run(String jarId, List<String> args, int parallelism, String savepoint)
                throws IOException, InterruptedException {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("programArgsList", args);
            request.put("parallelism", parallelism);
            if (savepoint != null) {
                request.put("savepointPath", savepoint);
            }
            String body = post("/jars/" + jarId + "/run", Json.write(request));
            return Json.read(body).path("jobid").asText();
        }

        /** The job's state: RUNNING, FINISHED, FAILED, CANCELED, ... */
        public String jobState(String jobId) throws IOException, InterruptedException {
            return Json.read(get("/jobs/" + jobId)).path("state").asText();
        }

        /** Every job on the cluster: id, name, state. */
        public List<String> jobs() throws IOException, InterruptedException {
            List<String> jobs = new ArrayList<>();
            Json.read(get("/jobs/overview"))
                    .path("jobs")
                    .forEach(
                            j ->
                                    jobs.add(
                                            j.path("jid").asText()
                                                    + "  "
                                                    + j.path("state").asText()
                                                    + "  "
                                                    + j.path("name").asText()));
            return jobs;
        }

        /**
         * Waits until every task of the job runs (a savepoint needs them all; so does a job
         * recovering from a failure).
         */
        public void awaitAllTasksRunning(String jobId, Duration timeout)
                throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                var job = Json.read(get("/jobs/" + jobId));
                // A job restarting after a failure is on its way back; a terminal one is not.
                if (!Set.of("RUNNING", "CREATED", "INITIALIZING", "RESTARTING")
                        .contains(job.path("state").asText())) {
                    throw new IOException("job " + jobId + " is " + job.path("state").asText());
                }
                boolean all = job.path("vertices").size() > 0;
                for (var v : job.path("vertices")) {
                    all &= v.path("status").asText().equals("RUNNING");
                }
                if (all) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("not every task of job " + jobId + " is running");
                }
                Thread.sleep(500);
            }
        }

        /** Takes a savepoint and leaves the job running; returns its location. */
        public String savepoint(String jobId, String directory)
                throws IOException, InterruptedException {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("target-directory", directory);
            request.put("cancel-job", false);
            return savepoint(jobId, "/savepoints", request);
        }

        /** Stops the job with a savepoint (without draining it); returns the location. */
        public String stopWithSavepoint(String jobId, String directory)
                throws IOException, InterruptedException {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("targetDirectory", directory);
            request.put("drain", false);
            return savepoint(jobId, "/stop", request);
        }

        public void cancel(String jobId) throws IOException, InterruptedException {
            send(
                    HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "?mode=cancel"))
                            .method("PATCH", HttpRequest.BodyPublishers.noBody())
                            .build());
        }

        /** Triggers a savepoint operation and waits for its location. */
        private String savepoint(String jobId, String endpoint, Map<String, Object> request)
                throws IOException, InterruptedException {
            String trigger =
                    Json.read(post("/jobs/" + jobId + endpoint, Json.write(request)))
                            .path("request-id")
                            .asText();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                var status = Json.read(get("/jobs/" + jobId + "/savepoints/" + trigger));
                if (status.path("status").path("id").asText().equals("COMPLETED")) {
                    var operation = status.path("operation");
                    Optional<String> location =
                            operation.has("location")
                                    ? Optional.of(operation.path("location").asText())
                                    : Optional.empty();
                    return location.orElseThrow(
                            () ->
                                    new IOException(
                                            "savepoint of job "
                                                    + jobId
                                                    + " failed: "
                                                    + operation.path("failure-cause")));
                }
                Thread.sleep(500);
            }
            throw new IOException("savepoint of job " + jobId + " did not complete in 3 minutes");
        }
    }
}
