package io.sessioncache.installation;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** docs/api-reference.md, generated from the CRD: every field with its type, default, limits and description. */
final class ApiReference {

    /** Standard Kubernetes types embedded in the schema: named, not expanded. */
    private static final Map<String, String> EMBEDDED = Map.of(
            "spec.pod.affinity", "[Affinity](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#scheduling)",
            "spec.pod.tolerations", "[Toleration](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#scheduling) list",
            "spec.resources", "[ResourceRequirements](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#resources)",
            "spec.imagePullSecrets", "[LocalObjectReference](https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/local-object-reference/) list",
            "status.conditions", "Condition list (`type`, `status`, `reason`, `message`, `lastTransitionTime`, `observedGeneration`)");

    private ApiReference() {
    }

    static String generate(String crdYaml) {
        CustomResourceDefinition crd = Serialization.unmarshal(crdYaml, CustomResourceDefinition.class);
        StringBuilder out = new StringBuilder();
        String kind = crd.getSpec().getNames().getKind();
        out.append("# API reference: ").append(kind).append("\n\n");
        out.append("<!-- Generated from crds/").append(Repository.CRD_FILE)
                .append(" by installation-tests (GeneratedArtefactsTest); do not edit. -->\n\n");
        out.append("| | |\n|---|---|\n");
        out.append("| group | `").append(crd.getSpec().getGroup()).append("` |\n");
        out.append("| kind | `").append(kind).append("` (plural `").append(crd.getSpec().getNames().getPlural())
                .append("`, short names ").append(codeList(crd.getSpec().getNames().getShortNames()))
                .append(", categories ").append(codeList(crd.getSpec().getNames().getCategories())).append(") |\n");
        out.append("| scope | ").append(crd.getSpec().getScope()).append(" |\n\n");
        out.append("`kubectl explain sessioncluster.spec --recursive` shows the same from a cluster.\n");
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            version(out, crd.getSpec().getGroup(), version);
        }
        return out.toString();
    }

    private static void version(StringBuilder out, String group, CustomResourceDefinitionVersion version) {
        out.append("\n## ").append(group).append("/").append(version.getName()).append("\n\n");
        out.append("Served: ").append(version.getServed()).append(", storage: ").append(version.getStorage());
        if (version.getSubresources() != null) {
            List<String> subresources = new ArrayList<>();
            if (version.getSubresources().getStatus() != null) {
                subresources.add("`status`");
            }
            if (version.getSubresources().getScale() != null) {
                var scale = version.getSubresources().getScale();
                subresources.add("`scale` (" + scale.getSpecReplicasPath() + ", " + scale.getStatusReplicasPath()
                        + ", selector " + scale.getLabelSelectorPath() + ")");
            }
            out.append(", subresources: ").append(String.join(", ", subresources));
        }
        out.append(".\n");
        if (version.getAdditionalPrinterColumns() != null && !version.getAdditionalPrinterColumns().isEmpty()) {
            out.append("\n### Columns of `kubectl get`\n\n| column | type | from |\n|---|---|---|\n");
            for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns()) {
                out.append("| ").append(column.getName()).append(" | ").append(column.getType()).append(" | `")
                        .append(column.getJsonPath().replace("|", "\\|")).append("` |\n");
            }
        }
        Map<String, JSONSchemaProps> top = version.getSchema().getOpenAPIV3Schema().getProperties();
        for (String section : List.of("spec", "status")) {
            JSONSchemaProps schema = top.get(section);
            if (schema == null) {
                continue;
            }
            out.append("\n### ").append(section).append("\n\n");
            if (schema.getDescription() != null) {
                out.append(oneLine(schema.getDescription())).append("\n\n");
            }
            rules(out, section, schema);
            out.append("| field | type | default | limits | description |\n|---|---|---|---|---|\n");
            fields(out, section, schema);
        }
    }

    private static void fields(StringBuilder out, String path, JSONSchemaProps schema) {
        if (schema.getProperties() == null || EMBEDDED.containsKey(path)) {
            return;
        }
        for (Map.Entry<String, JSONSchemaProps> field : schema.getProperties().entrySet()) {
            String fieldPath = path + "." + field.getKey();
            JSONSchemaProps props = field.getValue();
            boolean required = schema.getRequired() != null && schema.getRequired().contains(field.getKey());
            out.append("| `").append(fieldPath).append("`").append(required ? " (required)" : "")
                    .append(" | ").append(type(fieldPath, props))
                    .append(" | ").append(props.getDefault() == null ? "" : "`" + cell(json(props.getDefault())) + "`")
                    .append(" | ").append(cell(limits(props)))
                    .append(" | ").append(cell(oneLine(props.getDescription() == null ? "" : props.getDescription())))
                    .append(" |\n");
            fields(out, fieldPath, props);
            if (props.getItems() != null && props.getItems().getSchema() != null && !EMBEDDED.containsKey(fieldPath)) {
                fields(out, fieldPath + "[]", props.getItems().getSchema());
            }
        }
    }

    private static void rules(StringBuilder out, String path, JSONSchemaProps schema) {
        List<String> lines = new ArrayList<>();
        collectRules(lines, path, schema);
        if (!lines.isEmpty()) {
            out.append("Validation rules (CEL, checked by the API server):\n\n");
            lines.forEach(line -> out.append("- ").append(line).append("\n"));
            out.append("\n");
        }
    }

    private static void collectRules(List<String> lines, String path, JSONSchemaProps schema) {
        if (schema.getXKubernetesValidations() != null) {
            for (ValidationRule rule : schema.getXKubernetesValidations()) {
                lines.add("`" + path + "`: `" + rule.getRule() + "`"
                        + (rule.getMessage() == null ? "" : " (" + rule.getMessage() + ")"));
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, props) -> collectRules(lines, path + "." + name, props));
        }
    }

    private static String type(String path, JSONSchemaProps props) {
        if (EMBEDDED.containsKey(path)) {
            return EMBEDDED.get(path);
        }
        String type = props.getType() == null ? "any" : props.getType();
        if ("array".equals(type) && props.getItems() != null && props.getItems().getSchema() != null) {
            String item = props.getItems().getSchema().getType();
            return item == null ? "array" : item + " list";
        }
        if ("object".equals(type) && props.getAdditionalProperties() != null
                && props.getAdditionalProperties().getSchema() != null) {
            return "map of " + (props.getAdditionalProperties().getSchema().getType() == null ? "quantity"
                    : props.getAdditionalProperties().getSchema().getType());
        }
        if (Boolean.TRUE.equals(props.getXKubernetesIntOrString())) {
            return "int or string";
        }
        return type;
    }

    private static String limits(JSONSchemaProps props) {
        List<String> limits = new ArrayList<>();
        if (props.getEnum() != null && !props.getEnum().isEmpty()) {
            limits.add("one of " + props.getEnum().stream().map(e -> "`" + json(e) + "`").collect(Collectors.joining(", ")));
        }
        if (props.getMinimum() != null) {
            limits.add("min " + number(props.getMinimum()));
        }
        if (props.getMaximum() != null) {
            limits.add("max " + number(props.getMaximum()));
        }
        if (props.getPattern() != null) {
            limits.add("pattern `" + props.getPattern() + "`");
        }
        if (props.getMinLength() != null) {
            limits.add("min length " + props.getMinLength());
        }
        if (props.getMaxLength() != null) {
            limits.add("max length " + props.getMaxLength());
        }
        if (props.getXKubernetesValidations() != null) {
            props.getXKubernetesValidations().forEach(rule -> limits.add("rule `" + rule.getRule() + "`"));
        }
        return String.join("; ", limits);
    }

    private static String number(Double value) {
        return value == Math.rint(value) ? String.valueOf(value.longValue()) : String.valueOf(value);
    }

    private static String json(Object value) {
        if (value instanceof com.fasterxml.jackson.databind.JsonNode node) {
            return node.isTextual() ? node.asText() : node.toString();
        }
        return Serialization.asJson(value);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\n\\s*", " ").trim();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String codeList(List<String> values) {
        return values == null ? "none" : values.stream().map(v -> "`" + v + "`").collect(Collectors.joining(", "));
    }
}
