package roster.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A test store with MongoDB's single-document atomicity, for tests that run several Roster
 * processes on one store. Usage: {@code java -jar roster-mongo-java-server.jar [port]} (default 0,
 * any free port). Binds 127.0.0.1, prints one JSON line {@code {"uri":"mongodb://127.0.0.1:PORT/"}}
 * and runs until its standard input closes, so it never outlives the process that started it.
 */
public final class Main {

    /**
     * What the server answers to isMaster and buildInfo. The Node driver under mongoose 9 (mongodb
     * 7.8) refuses servers below wire version 9 (MongoDB 4.4); mongo-java-server 1.47.0 at most says
     * 8. Its sources use the version for nothing but these answers, so no behaviour changes.
     */
    private static final MongoVersion REPORTED_VERSION = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    public static void main(String[] args) throws IOException {
        // Before the first logger is made: only the server's warnings and errors reach stderr.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;

        MongoServer server = new MongoServer(new SnapshotMemoryBackend().version(REPORTED_VERSION));
        server.bind("127.0.0.1", port);
        InetSocketAddress address = server.getLocalAddress();
        System.out.println("{\"uri\":\"mongodb://127.0.0.1:" + address.getPort() + "/\"}");
        System.out.flush();

        try {
            InputStream stdin = System.in;
            byte[] buffer = new byte[256];
            while (stdin.read(buffer) != -1) {
                // Nothing is read from stdin; it is only the parent's lifeline.
            }
            server.shutdownNow();
        } finally {
            // Netty's threads would keep the JVM alive if the shutdown failed half way.
            System.exit(0);
        }
    }

    /** The in-memory backend, with collections that give readers snapshots. */
    static final class SnapshotMemoryBackend extends MemoryBackend {
        @Override
        public MemoryDatabase openOrCreateDatabase(String databaseName) {
            return new MemoryDatabase(databaseName, getCursorRegistry()) {
                @Override
                protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
                    return new SnapshotCollection(this, name, options, cursorRegistry);
                }
            };
        }
    }

    /**
     * Writes are atomic per document as they are: match and modification run under the collection's
     * lock. But a query answers with the stored documents themselves, which the server encodes after
     * releasing the lock, while a concurrent update rewrites their fields in place: a reader could
     * see half an update (say the new version with the old `active`), which MongoDB never shows,
     * or the encoder fails with a ConcurrentModificationException and the reader gets no answer
     * (both seen with the plain MemoryBackend under a writer racing readers). Here every answer to
     * a reader is a deep copy taken under the lock.
     */
    static final class SnapshotCollection extends MemoryCollection {
        /** findAndModify queries for the stored document in order to change it: no copy then. Guarded by this. */
        private boolean modifying;

        SnapshotCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        public synchronized QueryResult handleQuery(QueryParameters parameters) {
            QueryResult result = super.handleQuery(parameters);
            return modifying ? result : new QueryResult(copies(result.collectDocuments()), result.getCursorId());
        }

        /** The rest of a large answer, fetched later by getMore. */
        @Override
        protected Cursor createCursor(List<Document> remainingDocuments) {
            return super.createCursor(copies(remainingDocuments));
        }

        @Override
        public synchronized Document findAndModify(Document query) {
            modifying = true;
            try {
                return super.findAndModify(query).cloneDeeply();
            } finally {
                modifying = false;
            }
        }

        private static List<Document> copies(List<Document> documents) {
            return documents.stream().map(Document::cloneDeeply).collect(Collectors.toList());
        }
    }
}
