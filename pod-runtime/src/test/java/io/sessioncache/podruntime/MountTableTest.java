package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountTableTest {

    private final MountTable mounts = new MountTable(Map.of(
            "/data/hazelcast", Path.of("/pods/p/volumes/config"),
            "/data", Path.of("/pods/p/volumes/data"),
            "/tmp", Path.of("/pods/p/volumes/tmp")));

    @Test
    void thePathUnderTheLongestMountWins() {
        assertThat(mounts.resolve("/data/hazelcast/hazelcast.yaml")).contains(Path.of("/pods/p/volumes/config/hazelcast.yaml"));
        assertThat(mounts.resolve("/data/other")).contains(Path.of("/pods/p/volumes/data/other"));
        assertThat(mounts.resolve("/tmp")).contains(Path.of("/pods/p/volumes/tmp"));
    }

    @Test
    void pathsOutsideEveryMountAndLookAlikePrefixesStay() {
        assertThat(mounts.resolve("/opt/hazelcast")).isEmpty();
        assertThat(mounts.resolve("/tmpfoo")).isEmpty();
    }

    @Test
    void rewritesPathsInsideOptionsAndLeavesTheRestAlone() {
        assertThat(mounts.rewrite("/data/hazelcast/hazelcast.yaml")).isEqualTo("/pods/p/volumes/config/hazelcast.yaml");
        assertThat(mounts.rewrite("-XX:MaxRAMPercentage=75.0 -Xlog:gc:/tmp/gc.log -Dx=/data/hazelcast/a.yaml -Dy=/etc/z"))
                .isEqualTo("-XX:MaxRAMPercentage=75.0 -Xlog:gc:/pods/p/volumes/tmp/gc.log -Dx=/pods/p/volumes/config/a.yaml -Dy=/etc/z");
        assertThat(mounts.rewrite("plain value")).isEqualTo("plain value");
    }
}
