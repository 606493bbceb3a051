package io.metricpipe.sources.inventory.describe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesResponse;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

/** Resource Groups Tagging API {@code GetResources} for some resource types, 100 per page. */
public final class ResourceTags implements ResourcePages {
    private final ResourceGroupsTaggingApiClient tagging;
    private final List<String> resourceTypes;

    /**
     * @param resourceTypes the tagging API's type filters, e.g. {@code ec2:instance}
     */
    public ResourceTags(ResourceGroupsTaggingApiClient tagging, List<String> resourceTypes) {
        this.tagging = tagging;
        this.resourceTypes = List.copyOf(resourceTypes);
    }

    @Override
    public String operation() {
        return "GetResources";
    }

    @Override
    public String iamAction() {
        return "tag:GetResources";
    }

    @Override
    public String fetch(String token, FoundResources found) {
        GetResourcesResponse page =
                tagging.getResources(
                        r ->
                                r.resourceTypeFilters(resourceTypes)
                                        .resourcesPerPage(100)
                                        .paginationToken(token));
        for (ResourceTagMapping m : page.resourceTagMappingList()) {
            Map<String, String> tags = new LinkedHashMap<>();
            m.tags().forEach(t -> tags.put(t.key(), t.value()));
            found.tagged(m.resourceARN(), tags);
        }
        return ResourcePages.next(page.paginationToken());
    }
}
