package io.metricpipe.sources.cloudwatch.api;

import java.io.Serializable;

/** Makes the proxy of an (account, region) inside a reader. */
public interface CloudWatchProxyFactory extends Serializable {
    CloudWatchProxy create(String account, String region, ApiCallListener calls);
}
