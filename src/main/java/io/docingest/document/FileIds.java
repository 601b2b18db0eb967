package io.docingest.document;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A key's id: the MD5 hex of the object key, as in the original worker, so existing search
 * clients and thumbnail links keep working and a repeated event overwrites the same documents
 * instead of duplicating them. It is the id of the key's status record, and of its documents
 * unless a message names theirs (StatusIndex#start).
 */
public final class FileIds {

    private FileIds() {
    }

    public static String fileId(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }
}
