package io.sessioncache.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A shop whose HTTP sessions live in a SessionCluster. Spring Boot starts a Hazelcast client from the client
 * configuration the operator publishes ({@code spring.hazelcast.config}) and Spring Session keeps every session in the
 * cluster's map ({@code spring.session.hazelcast.map-name}), so any replica serves any request.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
