package io.socketkit.examples.chat;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Who is online in the chat cluster, kept in Redis: the hash {@code socketkit:chat:nicks}, nickname to
 * owner ({@code SERVER/MEMBER}), changed only by the Lua scripts below, each atomic. An owner counts while
 * its server's key {@code socketkit:chat:alive:SERVER} exists ({@link RedisBroker} sets it every
 * {@value RedisBroker#HEARTBEAT_SECONDS} s to expire after {@value RedisBroker#ALIVE_SECONDS} s); a
 * nickname whose owner does not count is free. Every method is asynchronous; the commands go out in call
 * order on the link's one command connection.
 */
final class RedisPresence {
    static final String NICKS = "socketkit:chat:nicks";

    /** Whether an owner's server is alive: ARGV[1] is the alive prefix. */
    private static final String ALIVE_FN = "local function alive(owner) "
            + "return redis.call('EXISTS', ARGV[1] .. string.match(owner, '^[^/]+')) == 1 end ";
    /** ARGV: prefix, nick, owner. 1 if claimed; 0 if a live member has it (this server's own too). */
    private static final String CLAIM = ALIVE_FN
            + "local owner = redis.call('HGET', KEYS[1], ARGV[2]) "
            + "if owner and alive(owner) then return 0 end "
            + "redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) return 1";
    /** ARGV: prefix, nick, owner. Removes the nick if that owner has it. */
    private static final String RELEASE = "if redis.call('HGET', KEYS[1], ARGV[2]) == ARGV[3] then "
            + "redis.call('HDEL', KEYS[1], ARGV[2]) end return 1";
    /** ARGV: prefix, this server's owner prefix. The nicks of other servers' live members; those of dead servers are removed. */
    private static final String WHO = ALIVE_FN
            + "local all = redis.call('HGETALL', KEYS[1]) local out = {} "
            + "for i = 1, #all, 2 do if not alive(all[i + 1]) then redis.call('HDEL', KEYS[1], all[i]) "
            + "elseif string.sub(all[i + 1], 1, #ARGV[2]) ~= ARGV[2] then out[#out + 1] = all[i] end end return out";
    /** ARGV: prefix, nick, owner-to-exclude-prefix. 1 if a live member of another server has the nick. */
    private static final String ONLINE = ALIVE_FN
            + "local owner = redis.call('HGET', KEYS[1], ARGV[2]) "
            + "if owner and alive(owner) and string.sub(owner, 1, #ARGV[3]) ~= ARGV[3] then return 1 end return 0";
    /**
     * ARGV: prefix, instance, alive ms, then nick and owner pairs. Marks the server alive, drops every
     * nick it had, claims its members' again; returns those a live member of another server has now.
     */
    private static final String RESYNC = ALIVE_FN
            + "redis.call('SET', ARGV[1] .. ARGV[2], '1', 'PX', ARGV[3]) "
            + "local mine = ARGV[2] .. '/' local all = redis.call('HGETALL', KEYS[1]) "
            + "for i = 1, #all, 2 do if string.sub(all[i + 1], 1, #mine) == mine then redis.call('HDEL', KEYS[1], all[i]) end end "
            + "local lost = {} for i = 4, #ARGV, 2 do local owner = redis.call('HGET', KEYS[1], ARGV[i]) "
            + "if owner and alive(owner) then lost[#lost + 1] = ARGV[i] else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end end "
            + "return lost";
    /** ARGV: prefix, instance. This server's nicks and its alive key, gone. */
    static final String FORGET = "local mine = ARGV[2] .. '/' local all = redis.call('HGETALL', KEYS[1]) "
            + "for i = 1, #all, 2 do if string.sub(all[i + 1], 1, #mine) == mine then redis.call('HDEL', KEYS[1], all[i]) end end "
            + "redis.call('DEL', ARGV[1] .. ARGV[2]) return 1";

    private final RedisAsyncCommands<String, String> redis;
    private final String instance;
    /** Where a failure that no caller hears of is counted and logged. */
    private final BiConsumer<String, Throwable> failures;

    RedisPresence(RedisAsyncCommands<String, String> redis, String instance, BiConsumer<String, Throwable> failures) {
        this.redis = redis;
        this.instance = instance;
        this.failures = failures;
    }

    /**
     * Claims a nickname for an owner, unless a live member has it (one of this server's too). Commands go
     * out in call order on one connection: a claim asked while a resync is under way comes after it.
     *
     * @param nick the nickname
     * @param owner {@code INSTANCE/MEMBER}
     * @return whether it is the owner's now; fails if Redis does not answer
     */
    CompletionStage<Boolean> claim(String nick, String owner) {
        return this.<Long>eval(CLAIM, ScriptOutputType.INTEGER, nick, owner).thenApply(claimed -> claimed == 1L);
    }

    /**
     * Gives a nickname back, if that owner has it.
     *
     * @param nick the nickname
     * @param owner {@code INSTANCE/MEMBER}
     */
    void release(String nick, String owner) {
        // Sent even while down: rejected at once if disconnected (the next resync drops every nickname this
        // server had and registers its members again), and after the resync if it is under way.
        this.<Long>eval(RELEASE, ScriptOutputType.INTEGER, nick, owner).whenComplete((done, error) -> {
            if (error != null) {
                failures.accept("release of a nickname", error);
            }
        });
    }

    /**
     * The nicknames of the other servers' live members, in no order.
     *
     * @return the names; fails if Redis does not answer
     */
    CompletionStage<List<String>> whoElsewhere() {
        return this.<List<String>>eval(WHO, ScriptOutputType.MULTI, instance + "/");
    }

    /**
     * Whether a live member of another server has this nickname.
     *
     * @param nick the nickname
     * @return the answer; fails if Redis does not answer
     */
    CompletionStage<Boolean> isOnlineElsewhere(String nick) {
        return this.<Long>eval(ONLINE, ScriptOutputType.INTEGER, nick, instance + "/").thenApply(online -> online == 1L);
    }

    private <T> CompletionStage<T> eval(String script, ScriptOutputType type, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = RedisBroker.ALIVE;
        System.arraycopy(args, 0, argv, 1, args.length);
        return redis.<T>eval(script, type, new String[] {NICKS}, argv);
    }

    /**
     * After an outage: marks this server alive, drops every nickname it had and registers its members'
     * again.
     *
     * @param owners this server's members now, nickname to owner
     * @return the nicknames a live member of another server has now (those members lost theirs)
     */
    CompletionStage<List<String>> resync(Map<String, String> owners) {
        List<String> argv = new ArrayList<>(List.of(RedisBroker.ALIVE, instance,
                Long.toString(TimeUnit.SECONDS.toMillis(RedisBroker.ALIVE_SECONDS))));
        owners.forEach((nick, owner) -> {
            argv.add(nick);
            argv.add(owner);
        });
        return redis.<List<String>>eval(RESYNC, ScriptOutputType.MULTI, new String[] {NICKS}, argv.toArray(new String[0]));
    }
}
