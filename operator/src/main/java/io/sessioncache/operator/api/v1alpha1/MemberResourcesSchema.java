package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceClaim;
import java.util.List;
import java.util.Map;

/**
 * The schema of spec.resources (the field itself is Kubernetes' ResourceRequirements): each map bounded, so that the
 * API server can afford to check that every limit and request is a quantity. The reconciler reads them as quantities;
 * anything else is refused at admission, naming the resource.
 */
final class MemberResourcesSchema {

    static final int MAX_RESOURCES = 8;
    private static final String ALL_QUANTITIES = "self.all(k, isQuantity(string(self[k])))";
    private static final String FIRST_NOT_QUANTITY = "self.filter(k, !isQuantity(string(self[k])))[0]"
            + " + ' is not a quantity (quantities look like 512Mi, 1Gi, 500m or 2)'";

    @Size(max = MAX_RESOURCES)
    @ValidationRule(value = ALL_QUANTITIES, messageExpression = FIRST_NOT_QUANTITY)
    @JsonProperty
    Map<String, Quantity> limits;

    @Size(max = MAX_RESOURCES)
    @ValidationRule(value = ALL_QUANTITIES, messageExpression = FIRST_NOT_QUANTITY)
    @JsonProperty
    Map<String, Quantity> requests;

    @JsonProperty
    List<ResourceClaim> claims;

    private MemberResourcesSchema() {
    }
}
