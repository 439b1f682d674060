package io.sessioncache.installation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class runs containers of these images: without a Docker engine, or with one of the images not built, it
 * is reported as skipped with a message naming what is missing and how to make it (before any other extension starts
 * anything).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ImagesPresent.class)
@interface NeedsImages {

    /** Image references, as `docker image inspect` takes them. */
    String[] value();

    /** The build-images.sh targets that build them. */
    String build();
}
