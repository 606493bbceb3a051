package io.metricpipe.sources.analytics;

import io.metricpipe.core.decode.DecoderSettings;
import io.metricpipe.core.model.DecodedRecord;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.Preconditions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The {@code analytics-data} table of the Kinesis → Lambda → DynamoDB processor (or of this job's
 * compatibility mode) as a bounded replay source: a parallel Scan, one split per segment, each item
 * decoded back into its event. Build it with {@link #builder()}.
 */
public final class AnalyticsTableSource
        implements Source<DecodedRecord, ScanSegmentSplit, List<ScanSegmentSplit>>,
                ResultTypeQueryable<DecodedRecord> {
    private static final long serialVersionUID = 1L;

    /** The IAM action of its calls. */
    public static final Set<String> IAM_ACTIONS = Set.of("dynamodb:Scan");

    private final Builder settings;

    private AnalyticsTableSource(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<DecodedRecord, ScanSegmentSplit> createReader(SourceReaderContext context) {
        return new AnalyticsTableReader(
                context,
                settings::client,
                settings.table,
                settings.pageSize,
                settings.decoderSettings,
                settings.keepRawJson);
    }

    @Override
    public SplitEnumerator<ScanSegmentSplit, List<ScanSegmentSplit>> createEnumerator(
            SplitEnumeratorContext<ScanSegmentSplit> context) {
        List<ScanSegmentSplit> segments = new ArrayList<>();
        for (int i = 0; i < settings.segments; i++) {
            segments.add(new ScanSegmentSplit(i, settings.segments, null, null));
        }
        return new ScanSegmentEnumerator(context, segments);
    }

    @Override
    public SplitEnumerator<ScanSegmentSplit, List<ScanSegmentSplit>> restoreEnumerator(
            SplitEnumeratorContext<ScanSegmentSplit> context, List<ScanSegmentSplit> remaining) {
        return new ScanSegmentEnumerator(context, remaining);
    }

    @Override
    public SimpleVersionedSerializer<ScanSegmentSplit> getSplitSerializer() {
        return ScanSegmentSplit.Serializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<ScanSegmentSplit>> getEnumeratorCheckpointSerializer() {
        return new ScanSegmentEnumerator.StateSerializer();
    }

    @Override
    public TypeInformation<DecodedRecord> getProducedType() {
        return TypeInformation.of(DecodedRecord.class);
    }

    /** Fluent builder; {@link #build()} validates. Defaults: 4 segments, pages of 500 items. */
    public static final class Builder implements Serializable {
        private static final long serialVersionUID = 1L;

        private String table;
        private String region = "us-east-1";
        private String endpoint = "";
        private String accessKeyId;
        private String secretKey;
        private int segments = 4;
        private int pageSize = 500;
        private DecoderSettings decoderSettings = DecoderSettings.defaults();
        private boolean keepRawJson;

        public Builder setTable(String table) {
            this.table = table;
            return this;
        }

        public Builder setRegion(String region) {
            this.region = region;
            return this;
        }

        /** Endpoint override, e.g. DynamoDB Local; empty for AWS. */
        public Builder setEndpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Static credentials (local emulators); unset, the default credential chain. */
        public Builder setStaticCredentials(String accessKeyId, String secretKey) {
            this.accessKeyId = accessKeyId;
            this.secretKey = secretKey;
            return this;
        }

        /** Parallel Scan segments: the splits readers share. */
        public Builder setSegments(int segments) {
            this.segments = segments;
            return this;
        }

        /** Items per Scan page (a page is read and emitted in one poll). */
        Builder setPageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        public Builder setDecoderSettings(DecoderSettings settings) {
            this.decoderSettings = settings;
            return this;
        }

        /** Also carry each good event's JSON text, for the compatibility writer. */
        public Builder setKeepRawJson(boolean keepRawJson) {
            this.keepRawJson = keepRawJson;
            return this;
        }

        public AnalyticsTableSource build() {
            Preconditions.checkArgument(table != null && !table.isEmpty(), "the table must be set");
            Preconditions.checkArgument(
                    segments >= 1 && segments <= 1_000_000, "segments must be 1 to 1000000");
            return new AnalyticsTableSource(this);
        }

        DynamoDbClient client() {
            DynamoDbClientBuilder b =
                    DynamoDbClient.builder()
                            .region(Region.of(region))
                            .httpClient(UrlConnectionHttpClient.create());
            if (!endpoint.isEmpty()) {
                b.endpointOverride(URI.create(endpoint));
            }
            if (accessKeyId != null) {
                b.credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(accessKeyId, secretKey)));
            }
            return b.build();
        }
    }
}
