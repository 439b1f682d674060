package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpPoolTest {

    @Test
    void handsOutLoopbackAddressesFromDotTwoAndReusesFreedOnes() {
        IpPool pool = new IpPool();
        assertThat(pool.allocate()).isEqualTo("127.0.0.2");
        assertThat(pool.allocate()).isEqualTo("127.0.0.3");
        assertThat(pool.allocate()).isEqualTo("127.0.0.4");
        pool.release("127.0.0.3");
        assertThat(pool.allocate()).isEqualTo("127.0.0.3");
        assertThat(pool.allocate()).isEqualTo("127.0.0.5");
    }
}
