package io.metricpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricpipe.core.config.ConfigException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MainTest {
    private static Properties properties(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void onMsfTheConfigurationIsThePropertyGroups() {
        Main.Launch launch =
                Main.launch(
                        new String[0],
                        Map.of(
                                "kinesis",
                                properties("stream", "agents", "region", "eu-west-1"),
                                "windows",
                                properties("sizes", "1m,1h"),
                                "dynamodb",
                                properties("createTables", "true")));
        assertThat(launch.onMsf).isTrue();
        assertThat(launch.createTables).isTrue();
        assertThat(launch.config.kinesis.stream).isEqualTo("agents");
        assertThat(launch.config.kinesis.region).isEqualTo("eu-west-1");
        assertThat(launch.config.windows.sizes).hasSize(2);
    }

    @Test
    void onMsfAnInvalidGroupFailsNamingTheKey() {
        assertThatThrownBy(
                        () ->
                                Main.launch(
                                        new String[0],
                                        Map.of("job", properties("stateBackend", "leveldb"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("job.stateBackend: 'leveldb' is not one of");
    }

    @Test
    void onMsfCommandLineArgumentsAreRefused() {
        assertThatThrownBy(
                        () ->
                                Main.launch(
                                        new String[] {"--set", "kinesis.stream=x"},
                                        Map.of("kinesis", properties("stream", "agents"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("on MSF the configuration comes from");
    }

    @Test
    void elsewhereTheConfigurationIsTheCommandLine() {
        Main.Launch launch =
                Main.launch(
                        new String[] {
                            "--set", "kinesis.stream=agents", "--set", "job.checkpointDir=s3://b/c"
                        },
                        Map.of());
        assertThat(launch.onMsf).isFalse();
        assertThat(launch.createTables).isFalse();
        assertThat(launch.config.kinesis.stream).isEqualTo("agents");
        assertThat(launch.config.job.checkpointDir).isEqualTo("s3://b/c");
    }

    @Test
    void aCheckpointDirThatIsNoFileOrS3UriFailsNamingTheKey() {
        assertThatThrownBy(
                        () ->
                                Main.launch(
                                        new String[] {"--set", "job.checkpointDir=/tmp/ckpt"},
                                        Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("job.checkpointDir: '/tmp/ckpt' must be a file:// or s3://");
    }

    @Test
    void anEnabledWebhookWithoutItsUrlInTheEnvironmentFailsAtStartup() {
        // No test JVM sets this variable.
        assertThatThrownBy(
                        () ->
                                Main.launch(
                                        new String[] {
                                            "--set",
                                            "webhook.enabled=true",
                                            "--set",
                                            "webhook.urlEnv=METRICPIPE_TEST_NO_SUCH_VARIABLE"
                                        },
                                        Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "webhook.urlEnv: environment variable METRICPIPE_TEST_NO_SUCH_VARIABLE is"
                                + " not set");
    }
}
