package io.sessioncache.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.sessioncache.controlplane.GeneratedFiles;
import io.sessioncache.controlplane.RepositoryRoot;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRD in crds/ is generated from the Java model; this test is its generator and its drift check. */
class CrdIsGeneratedTest {

    static final String CRD_FILE = "sessionclusters.sessioncache.io-v1.yml";

    @Test
    void checkedInCrdMatchesTheModel(@TempDir Path out) throws IOException {
        String generated = generate(out);

        GeneratedFiles.assertUpToDate(RepositoryRoot.find().resolve("crds").resolve(CRD_FILE), generated);
    }

    @Test
    void crdCarriesScaleSubresourceCelRulesAndPrinterColumnsInDeclaredOrder(@TempDir Path out) throws IOException {
        String crd = generate(out);

        assertThat(crd)
                .contains("specReplicasPath: .spec.replicas")
                .contains("statusReplicasPath: .status.replicas")
                .contains("labelSelectorPath: .status.selector")
                .contains("self.backupCount + self.asyncBackupCount <= 6")
                .contains("self == oldSelf")
                .contains("- sc")
                .contains("- sessioncache");
        assertThat(crd.indexOf("name: Ready")).isLessThan(crd.indexOf("name: Version"));
        assertThat(crd.indexOf("name: Version")).isLessThan(crd.indexOf("name: Safe"));
        assertThat(crd.indexOf("name: Safe")).isLessThan(crd.indexOf("name: Age"));
    }

    static String generate(Path out) throws IOException {
        new CRDGenerator().customResourceClasses(SessionCluster.class).forCRDVersions("v1")
                .withMinQuotes(true)
                .withPostProcessor(new CRDPostProcessor() {
                    @Override
                    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
                        return orderPrinterColumnsAsDeclared((CustomResourceDefinition) crd);
                    }
                })
                .inOutputDir(out.toFile()).generate();
        return Files.readString(out.resolve(CRD_FILE));
    }

    /** kubectl shows columns in CRD order; the generator sorts them, so put back the order declared on the class. */
    private static CustomResourceDefinition orderPrinterColumnsAsDeclared(CustomResourceDefinition crd) {
        List<String> declared = Arrays.stream(SessionCluster.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        crd.getSpec().getVersions().forEach(version -> version.getAdditionalPrinterColumns()
                .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> declared.indexOf(c.getName()))));
        return crd;
    }
}
