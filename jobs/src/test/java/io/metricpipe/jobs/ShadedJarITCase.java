package io.metricpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.jobs.local.ClusterCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar that {@code flink run}, a REST submission and MSF take (built by the package
 * phase, before Failsafe runs): Flink and logging are the cluster's, MSF's runtime properties
 * library is inside, service files of several jars are merged, and the manifest names {@code Main}.
 */
class ShadedJarITCase {
    private static Path shaded;
    private static JarFile jar;
    private static List<String> entries;

    @BeforeAll
    static void openJar() throws IOException {
        shaded = ClusterCommand.shadedJar(Paths.get("target"));
        jar = new JarFile(shaded.toFile());
        entries = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
    }

    @AfterAll
    static void closeJar() throws IOException {
        jar.close();
    }

    private static String text(String entry) throws IOException {
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void holdsNoFlinkRuntimeClasses() {
        assertThat(entries)
                .noneMatch(
                        e ->
                                e.startsWith("org/apache/flink/runtime/")
                                        || e.startsWith("org/apache/flink/api/")
                                        || e.startsWith("org/apache/flink/core/")
                                        || e.startsWith("org/apache/flink/configuration/")
                                        || e.startsWith("org/apache/flink/util/")
                                        || e.startsWith("org/apache/flink/streaming/api/")
                                        || e.startsWith("org/apache/flink/streaming/runtime/"));
    }

    /**
     * Minimized (README "Jar size"): 134 MB before, about 75 MB after; 100 MB leaves room to grow
     * but not to lose the minimization. LocalClusterITCase runs this jar with every source.
     */
    @Test
    void isMinimizedAndCarriesNoNativeProducerBinaries() throws IOException {
        assertThat(Files.size(shaded)).isLessThan(100L * 1024 * 1024);
        assertThat(entries)
                .noneMatch(e -> e.startsWith("amazon-kinesis-producer-native-binaries/"));
        assertThat(entries)
                .as("what libraries load by name, kept by the shade filters")
                .contains(
                        "org/apache/commons/logging/impl/LogFactoryImpl.class",
                        "software/amazon/awssdk/enhanced/dynamodb/internal/ApplyUserAgentInterceptor.class",
                        "software/amazon/awssdk/services/sts/internal/StsProfileCredentialsProviderFactory.class");
    }

    @Test
    void holdsNoLog4jAndNoSlf4j() {
        assertThat(entries)
                .noneMatch(
                        e ->
                                e.startsWith("org/apache/logging/log4j/")
                                        || e.startsWith("org/apache/log4j/")
                                        || e.startsWith("org/slf4j/")
                                        || e.equals(
                                                "META-INF/services/org.slf4j.spi.SLF4JServiceProvider"));
    }

    @Test
    void holdsMsfRuntimePropertiesAndTheirConfigFile() throws IOException {
        assertThat(entries)
                .contains(
                        "com/amazonaws/services/kinesisanalytics/runtime/KinesisAnalyticsRuntime.class");
        Properties config = new Properties();
        config.load(jar.getInputStream(jar.getEntry("config.properties")));
        assertThat(config.getProperty("application_properties_file"))
                .isEqualTo("/etc/flink/application_properties.json");
    }

    @Test
    void mergesTheServiceFilesOfEveryJar() throws IOException {
        assertThat(text("META-INF/services/org.apache.flink.table.factories.Factory"))
                .contains(
                        "org.apache.flink.streaming.connectors.kinesis.table.KinesisDynamicTableFactory")
                .contains("org.apache.flink.connector.dynamodb.table.DynamoDbDynamicSinkFactory");
        assertThat(text("META-INF/services/software.amazon.awssdk.http.SdkHttpService"))
                .contains("software.amazon.awssdk.http.apache.ApacheSdkHttpService")
                .contains("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
    }

    @Test
    void namesMainInItsManifest() throws IOException {
        assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                .isEqualTo(Main.class.getName());
    }
}
