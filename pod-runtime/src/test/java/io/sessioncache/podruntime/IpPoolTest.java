package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void handsOutAddressesOfAnotherNetworkAndIgnoresOnesOutsideIt() {
        IpPool pool = new IpPool("10.244.0.");
        assertThat(pool.allocate()).isEqualTo("10.244.0.2");
        assertThat(pool.allocate()).isEqualTo("10.244.0.3");
        pool.release("127.0.0.2");
        pool.release("10.244.0.2");
        assertThat(pool.allocate()).isEqualTo("10.244.0.2");
        assertThat(pool.allocate()).isEqualTo("10.244.0.4");
    }

    @Test
    void refusesAPrefixThatIsNotThreeOctets() {
        assertThatThrownBy(() -> new IpPool("10.244.")).isInstanceOf(IllegalArgumentException.class);
    }
}
