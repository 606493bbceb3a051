package io.metricpipe.sources.inventory.describe;

import io.metricpipe.sources.aws.Arns;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;

/** Lambda {@code ListFunctions}, 50 per page (the API's maximum). */
public final class LambdaFunctions implements ResourcePages {
    private final LambdaClient lambda;

    public LambdaFunctions(LambdaClient lambda) {
        this.lambda = lambda;
    }

    @Override
    public String operation() {
        return "ListFunctions";
    }

    @Override
    public String iamAction() {
        return "lambda:ListFunctions";
    }

    @Override
    public String fetch(String token, FoundResources found) {
        ListFunctionsResponse page = lambda.listFunctions(r -> r.maxItems(50).marker(token));
        for (FunctionConfiguration f : page.functions()) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("runtime", f.runtimeAsString());
            a.put("memorySize", f.memorySize() == null ? null : f.memorySize() + " MB");
            a.put("timeout", f.timeout() == null ? null : f.timeout() + " s");
            a.put("handler", f.handler());
            a.put("packageType", f.packageTypeAsString());
            a.put("lastModified", f.lastModified());
            String arn =
                    f.functionArn() != null
                            ? f.functionArn()
                            : Arns.lambdaFunction(
                                    found.region(), found.account(), f.functionName());
            found.described(arn, "lambda:function", f.functionName(), a, Map.of());
        }
        return ResourcePages.next(page.nextMarker());
    }
}
