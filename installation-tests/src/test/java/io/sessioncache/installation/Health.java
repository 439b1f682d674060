package io.sessioncache.installation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** How GitOps tools judge a SessionCluster's health, evaluated on real objects from the API server. */
final class Health {

    /** kstatus' statuses, as Flux's health assessment reports them. */
    enum KStatus { InProgress, Current, Failed }

    private Health() {
    }

    /**
     * kstatus' generic rules for a custom resource (sigs.k8s.io/cli-utils/pkg/kstatus/status, checkGenericProperties),
     * with the Ready condition as Flux reads it: InProgress while status.observedGeneration lags metadata.generation,
     * Reconciling=True or Ready=False/Unknown; Failed on Stalled=True; otherwise Current.
     */
    static KStatus kstatus(GenericKubernetesResource object) {
        Long observed = SessionClusters.observedGeneration(object);
        if (observed == null || observed < object.getMetadata().getGeneration()) {
            return KStatus.InProgress;
        }
        if ("True".equals(SessionClusters.conditionStatus(object, "Stalled"))) {
            return KStatus.Failed;
        }
        if ("True".equals(SessionClusters.conditionStatus(object, "Reconciling"))) {
            return KStatus.InProgress;
        }
        String ready = SessionClusters.conditionStatus(object, "Ready");
        return ready == null || "True".equals(ready) ? KStatus.Current : KStatus.InProgress;
    }

    /** Runs deploy/gitops/argocd/argocd-cm-health.yaml's Lua health check as Argo CD does, returning its status. */
    @SuppressWarnings("unchecked")
    static String argoCd(GenericKubernetesResource object) {
        Map<String, Object> configMap = Serialization.unmarshal(
                Repository.read(Repository.root().resolve("deploy/gitops/argocd/argocd-cm-health.yaml")), Map.class);
        String script = ((Map<String, String>) configMap.get("data"))
                .get("resource.customizations.health.sessioncache.io_SessionCluster");
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", lua(Serialization.unmarshal(Serialization.asJson(object), Map.class)));
        LuaValue result = globals.load(script, "health.lua").call();
        return result.get("status").tojstring();
    }

    @SuppressWarnings("unchecked")
    private static LuaValue lua(Object value) {
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            ((Map<String, Object>) map).forEach((k, v) -> table.set(k, lua(v)));
            return table;
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                table.set(i + 1, lua(list.get(i)));
            }
            return table;
        }
        if (value instanceof Number number) {
            return LuaValue.valueOf(number.doubleValue());
        }
        if (value instanceof Boolean bool) {
            return LuaValue.valueOf(bool);
        }
        return value == null ? LuaValue.NIL : LuaValue.valueOf(value.toString());
    }
}
