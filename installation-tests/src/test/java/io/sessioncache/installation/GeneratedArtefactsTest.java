package io.sessioncache.installation;

import io.sessioncache.controlplane.GeneratedFiles;

import org.junit.jupiter.api.Test;

/**
 * Generated and checked in: the chart's copy of the CRD, the kubectl bundle and the API reference. The build fails when
 * one drifts from its source; -Dsessioncache.regenerate=true rewrites them.
 */
class GeneratedArtefactsTest {

    @Test
    void chartCarriesTheGeneratedCrd() {
        GeneratedFiles.assertUpToDate(Repository.chartCrd(), Repository.read(Repository.crd()));
    }

    @Test
    void kubectlBundleIsTheChartRenderedWithItsDefaults() {
        GeneratedFiles.assertUpToDate(Repository.bundle(), Bundle.generate());
    }

    @Test
    void apiReferenceDescribesTheCrd() {
        GeneratedFiles.assertUpToDate(Repository.apiReference(), ApiReference.generate(Repository.read(Repository.crd())));
    }
}
