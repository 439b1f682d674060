package io.sessioncache.operator.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Extra environment of the operator {@link RunningOperator} starts for the annotated test class, as {@code NAME=value}
 * entries, e.g. {@code SESSIONCACHE_ROLL_MEMBER_READY_TIMEOUT=PT5S}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OperatorEnvironment {
    String[] value();
}
