package io.sessioncache.installation;

/**
 * deploy/operator.yaml: the namespace, the CRD and the chart rendered with its default values, so that
 * `kubectl apply` installs exactly what `helm install` does.
 */
final class Bundle {

    private Bundle() {
    }

    static String generate() {
        StringBuilder out = new StringBuilder();
        out.append("""
                # sessioncache-operator: everything `helm install` installs, for `kubectl apply --server-side -f`.
                # Generated from helm/sessioncache-operator with its default values by installation-tests
                # (GeneratedArtefactsTest); do not edit. Regenerate: mvn test -pl installation-tests -Dsessioncache.regenerate=true
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                  labels:
                    app.kubernetes.io/part-of: sessioncache
                    # The operator meets the "restricted" Pod Security Standard; enforce it in its namespace.
                    pod-security.kubernetes.io/enforce: restricted
                    pod-security.kubernetes.io/warn: restricted
                """.formatted(Chart.BUNDLE_NAMESPACE));
        out.append("---\n").append(Repository.read(Repository.crd()));
        String templates = Chart.template(Chart.RELEASE, Chart.BUNDLE_NAMESPACE, "");
        out.append(templates.startsWith("---") ? templates : "---\n" + templates);
        return out.toString().endsWith("\n") ? out.toString() : out + "\n";
    }
}
