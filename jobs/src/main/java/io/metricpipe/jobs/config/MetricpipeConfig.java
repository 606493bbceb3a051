package io.metricpipe.jobs.config;

import io.metricpipe.core.config.AlertsSection;
import io.metricpipe.core.config.DecodingSection;
import io.metricpipe.core.config.MatchingSection;
import io.metricpipe.core.config.Problems;
import io.metricpipe.core.config.WindowsSection;
import io.metricpipe.sinks.dynamodb.DynamoDbSection;
import io.metricpipe.sinks.otlp.OtlpSection;
import io.metricpipe.sinks.webhook.WebhookSection;
import io.metricpipe.sources.archive.ArchiveSection;
import io.metricpipe.sources.aws.AwsSection;
import io.metricpipe.sources.cloudwatch.CloudWatchSection;
import io.metricpipe.sources.inventory.InventorySection;
import io.metricpipe.sources.kinesis.KinesisSection;
import java.io.Serializable;

/**
 * The whole configuration of the job: one section per component, each owned and validated by the
 * module that uses it. {@link ConfigLoader} builds it from defaults, YAML with {@code --set}, or
 * MSF property groups; {@link #validate()} runs once at startup and reports every problem with its
 * key.
 */
public class MetricpipeConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public JobSection job = new JobSection();
    public KinesisSection kinesis = new KinesisSection();
    public DecodingSection decoding = new DecodingSection();
    public WindowsSection windows = new WindowsSection();
    public DynamoDbSection dynamodb = new DynamoDbSection();
    public OtlpSection otlp = new OtlpSection();
    public AlertsSection alerts = new AlertsSection();
    public WebhookSection webhook = new WebhookSection();
    public MatchingSection matching = new MatchingSection();
    public AwsSection aws = new AwsSection();
    public CloudWatchSection cloudwatch = new CloudWatchSection();
    public InventorySection inventory = new InventorySection();
    public ArchiveSection archive = new ArchiveSection();

    /**
     * @throws io.metricpipe.core.config.ConfigException listing every invalid key
     */
    public MetricpipeConfig validate() {
        Problems p = new Problems();
        job.validate(p);
        kinesis.validate(p);
        decoding.validate(p);
        windows.validate(p);
        dynamodb.validate(p);
        otlp.validate(p);
        alerts.validate(p, windows.sizes);
        webhook.validate(p);
        matching.validate(p);
        aws.validate(p, cloudwatch.enabled || inventory.enabled);
        cloudwatch.validate(p);
        inventory.validate(p);
        archive.validate(p);
        if (archive.enabled() && (cloudwatch.enabled || inventory.enabled)) {
            p.add(
                    "archive.paths",
                    "a replay of an archive ends with it, and the polling sources never end:"
                            + " set cloudwatch.enabled and inventory.enabled to false");
        }
        p.throwIfAny();
        return this;
    }
}
