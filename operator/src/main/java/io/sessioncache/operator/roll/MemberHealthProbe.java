package io.sessioncache.operator.roll;

import java.util.List;
import java.util.Map;

/** Asks members about their health; the roller trusts nothing else before it takes a member away. */
public interface MemberHealthProbe {

    /** Health of each member by pod IP; members that do not answer in time are {@link MemberHealth#UNREACHABLE}. */
    Map<String, MemberHealth> probe(List<String> podIps);
}
