package io.sessioncache.operator.model;

import io.sessioncache.operator.api.v1alpha1.SessionCluster;

/** Both config files of a cluster, rendered once per reconcile and shared by validation and the child builders. */
public record RenderedConfig(String memberYaml, String clientYaml) {

    /** For the member set that serves clients. */
    public static RenderedConfig of(SessionCluster cluster) {
        return of(cluster, MemberSet.serving(cluster));
    }

    public static RenderedConfig of(SessionCluster cluster, MemberSet set) {
        return new RenderedConfig(MemberConfigYaml.render(cluster, set), ClientConfigYaml.render(cluster));
    }

    public String memberConfigHash() {
        return ConfigHash.of(memberYaml);
    }
}
