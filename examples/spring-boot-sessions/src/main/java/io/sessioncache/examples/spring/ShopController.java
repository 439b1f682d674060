package io.sessioncache.examples.spring;

import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Log in, fill a cart kept in the session, list the user's sessions (Spring Session's find-by-principal). */
@RestController
public class ShopController {

    static final String CART = "cart";

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    public ShopController(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    /** The principal-name attribute is what the members' PrincipalNameExtractor indexes. */
    @PostMapping("/login")
    public Map<String, Object> login(@RequestParam String user, HttpSession session) {
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user);
        return Map.of("user", user, "session", session.getId());
    }

    @PostMapping("/cart")
    public ResponseEntity<Map<String, Object>> add(@RequestParam String item, HttpSession session) {
        if (user(session) == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        List<String> cart = new ArrayList<>(cart(session));
        cart.add(item);
        session.setAttribute(CART, cart);
        return ResponseEntity.ok(Map.of("items", cart.size()));
    }

    @GetMapping("/cart")
    public ResponseEntity<Map<String, Object>> show(HttpSession session) {
        if (user(session) == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        return ResponseEntity.ok(Map.of("user", user(session), "items", cart(session)));
    }

    /** Every session of the logged-in user, from any replica: session id -> items in its cart. */
    @GetMapping("/sessions")
    public ResponseEntity<Map<String, Integer>> mySessions(HttpSession session) {
        String user = user(session);
        if (user == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        Map<String, Integer> carts = new TreeMap<>();
        sessions.findByPrincipalName(user).forEach((id, found) -> {
            List<String> items = found.getAttribute(CART);
            carts.put(id, items == null ? 0 : items.size());
        });
        return ResponseEntity.ok(carts);
    }

    private static String user(HttpSession session) {
        return (String) session.getAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME);
    }

    @SuppressWarnings("unchecked")
    private static List<String> cart(HttpSession session) {
        List<String> cart = (List<String>) session.getAttribute(CART);
        return cart == null ? List.of() : cart;
    }
}
