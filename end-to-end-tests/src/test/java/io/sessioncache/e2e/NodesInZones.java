package io.sessioncache.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a class run by {@link LocalSessionCacheExtension}: its pods run on this many nodes, one in each zone
 * ({@code sessioncache-zone-a} in {@code zone-a}, ...), instead of the single default node; the default node is back
 * after the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface NodesInZones {
    int value();
}
