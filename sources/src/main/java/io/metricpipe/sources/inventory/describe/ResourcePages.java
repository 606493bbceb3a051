package io.metricpipe.sources.inventory.describe;

/**
 * One paginated describe, list or tagging call of a service. Each call of {@link #fetch} makes
 * exactly one API call, so the reader can budget, break and back off between pages.
 */
public interface ResourcePages {
    /** The API operation, for logs. */
    String operation();

    /** The IAM action that allows the call, e.g. {@code s3:ListAllMyBuckets} for ListBuckets. */
    String iamAction();

    /**
     * Fetches the page after {@code token} (null for the first) into {@code found}.
     *
     * @return the next page's token, or null after the last page
     */
    String fetch(String token, FoundResources found);

    /** The SDK's pagination tokens: null or empty both mean "no more pages". */
    static String next(String token) {
        return token == null || token.isEmpty() ? null : token;
    }
}
