package io.sessioncache.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/**
 * Jars added to the members' classpath: from an image (an init container copies them into an emptyDir on the members'
 * CLASSPATH) and from volumes. Part of the pod template: a change rolls the members one at a time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemberExtensionsSpec {

    @JsonPropertyDescription("Image holding jars under 'path', copied onto the members' classpath by an init container "
            + "(it runs 'cp', so the image needs one, as busybox-based images have). When unset and sessions.framework "
            + "needs member-side classes, the operator's extensions image sessioncache/session-extensions:<operator version> is used "
            + "unless frameworkImage is false.")
    private String image;

    @Pattern("^/.*")
    @Default("/extensions")
    @JsonPropertyDescription("Directory of 'image' whose files are copied onto the classpath.")
    private String path = "/extensions";

    @Default("true")
    @JsonPropertyDescription("Use the operator's extensions image (the member-side jars of the supported session frameworks "
            + "at pinned versions) when sessions.framework needs them and 'image' is unset.")
    private boolean frameworkImage = true;

    @JsonPropertyDescription("ConfigMap whose keys are jars (in binaryData, under 1 MiB each), added to the members' classpath.")
    private String configMap;

    @JsonPropertyDescription("PersistentVolumeClaim whose top-level jars are added to the members' classpath (mounted read-only).")
    private String persistentVolumeClaim;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public boolean isFrameworkImage() {
        return frameworkImage;
    }

    public void setFrameworkImage(boolean frameworkImage) {
        this.frameworkImage = frameworkImage;
    }

    public String getConfigMap() {
        return configMap;
    }

    public void setConfigMap(String configMap) {
        this.configMap = configMap;
    }

    public String getPersistentVolumeClaim() {
        return persistentVolumeClaim;
    }

    public void setPersistentVolumeClaim(String persistentVolumeClaim) {
        this.persistentVolumeClaim = persistentVolumeClaim;
    }
}
