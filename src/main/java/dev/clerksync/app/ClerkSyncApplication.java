package dev.clerksync.app;

import dev.clerksync.admin.OrganizationsServlet;
import dev.clerksync.admin.ReplayServlet;
import dev.clerksync.admin.RoleChangesServlet;
import dev.clerksync.admin.RoleAssigner;
import dev.clerksync.admin.SetRoleServlet;
import dev.clerksync.admin.SetRolesServlet;
import dev.clerksync.admin.UsersServlet;
import dev.clerksync.admin.WebhookEventsServlet;
import dev.clerksync.audit.RoleChangeRepository;
import dev.clerksync.auth.Access;
import dev.clerksync.auth.AccessFilter;
import dev.clerksync.auth.AccessRules;
import dev.clerksync.auth.BearerAuthenticator;
import dev.clerksync.auth.SessionTokenVerifier;
import dev.clerksync.clerk.ClerkClient;
import dev.clerksync.config.InvalidSettingException;
import dev.clerksync.config.SettingSource;
import dev.clerksync.config.Settings;
import dev.clerksync.health.HealthServlet;
import dev.clerksync.http.ErrorPageServlet;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.NotFoundServlet;
import dev.clerksync.http.ProblemFilter;
import dev.clerksync.metrics.MetricsServlet;
import dev.clerksync.metrics.SyncMetrics;
import dev.clerksync.organizations.MembershipStore;
import dev.clerksync.organizations.OrganizationDirectory;
import dev.clerksync.organizations.OrganizationRepository;
import dev.clerksync.organizations.OrganizationSync;
import dev.clerksync.persistence.Database;
import dev.clerksync.persistence.GroupCommit;
import dev.clerksync.persistence.SessionFactories;
import dev.clerksync.persistence.TransactionStart;
import dev.clerksync.persistence.Transactions;
import dev.clerksync.ratelimit.Rate;
import dev.clerksync.ratelimit.RateLimiter;
import dev.clerksync.reconcile.ReconcileJobs;
import dev.clerksync.reconcile.ReconcileServlet;
import dev.clerksync.reconcile.Reconciler;
import dev.clerksync.api.MeServlet;
import dev.clerksync.api.MemberRoleServlet;
import dev.clerksync.api.MemberRoles;
import dev.clerksync.users.RolePolicy;
import dev.clerksync.users.UserRepository;
import dev.clerksync.users.UserStore;
import dev.clerksync.users.UserSync;
import dev.clerksync.webhook.Delivery;
import dev.clerksync.webhook.DeliveryService;
import dev.clerksync.webhook.EventRetention;
import dev.clerksync.webhook.EventTypes;
import dev.clerksync.webhook.OrganizationEvents;
import dev.clerksync.webhook.Outcome;
import dev.clerksync.webhook.UserEvents;
import dev.clerksync.webhook.WebhookEventRepository;
import dev.clerksync.webhook.WebhookServlet;
import dev.clerksync.webhook.Webhooks;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads and validates the settings, migrates the schema, builds the one
 * SessionFactory and the services, and registers servlet and filter instances. On undeploy it
 * closes everything in reverse order. A failure at start closes what was built and fails the
 * deployment, so there is never a half-working WAR.
 */
@WebListener
public final class ClerkSyncApplication implements ServletContextListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClerkSyncApplication.class);
    private static final String STARTED = ClerkSyncApplication.class.getName() + ".started";
    // Callers with a bucket in memory; the least recently seen beyond this start afresh (about 1 MB).
    private static final int MAX_RATE_LIMITED_CALLERS = 10_000;

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(STARTED) != null) {
            throw new IllegalStateException("clerk-sync is already started in this context: "
                    + "check that the listener is not declared both in web.xml and by annotation");
        }
        long started = System.nanoTime();
        try {
            start(context);
            context.setAttribute(STARTED, Boolean.TRUE);
            LOG.info("clerk-sync started in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (InvalidSettingException e) {
            LOG.error("clerk-sync not started: {}", e.getMessage());
            stop();
            throw e;
        } catch (RuntimeException e) {
            LOG.error("clerk-sync not started: {}", e.toString(), e);
            stop();
            throw e;
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        stop();
        event.getServletContext().removeAttribute(STARTED);
        LOG.info("clerk-sync stopped");
    }

    private void start(ServletContext context) {
        Clock clock = Clock.systemUTC();
        Optional<DataSource> containerDataSource = Database.containerDataSource();
        Settings settings = Settings.load(SettingSource.standard(), containerDataSource.isPresent());
        LOG.info("clerk-sync settings: {}", settings);

        SyncMetrics metrics = open(new SyncMetrics());
        Database database = open(containerDataSource
                .map(Database::of)
                .orElseGet(() -> Database.pooled(settings.databaseUrl().orElseThrow(), settings.poolSize(),
                        settings.statementTimeoutMillis(), metrics.registry())));
        database.migrate(settings.schema(), settings.migrationUrl(), settings.migrationLogin());
        SessionFactory sessionFactory = open(SessionFactories.build(database.dataSource(), settings.schema()));

        JsonResponses json = open(new JsonResponses());
        Transactions transactions = new Transactions(sessionFactory, new TransactionStart(settings.schema(),
                settings.lockTimeoutMillis(), settings.statementTimeoutMillis()));
        UserRepository users = new UserRepository(transactions);
        WebhookEventRepository records = new WebhookEventRepository(transactions);
        OrganizationRepository organizations = new OrganizationRepository(transactions);
        users.checkColumns();
        records.checkColumns();
        organizations.checkColumns();
        open(new EventRetention(records, List.of(users::purgeTombstones, organizations::purgeOrganizationTombstones,
                organizations::purgeMembershipTombstones), settings.eventRetention(), clock)).start();
        RolePolicy roles = new RolePolicy(settings.roles(), settings.defaultRole());
        UserSync userSync = new UserSync(roles, users, clock);

        // Every kind of Clerk object the webhook mirrors, in the order their locks are taken.
        EventTypes events = new EventTypes();
        UserEvents.register(events, userSync);
        OrganizationSync organizationSync = new OrganizationSync(organizations, users);
        OrganizationEvents.register(events, organizationSync);

        HttpErrors errors = new HttpErrors();
        addFilter(context, "problems", new ProblemFilter(errors, json), "/*");
        GroupCommit<Delivery, Outcome> commits = open(Webhooks.groupCommit(settings.webhookWriters(), transactions,
                events, records, clock, metrics));
        DeliveryService deliveries = new DeliveryService(settings.webhookSecrets(), events, commits, records, clock);
        addServlet(context, "webhook", new WebhookServlet(deliveries, metrics, json), "/webhooks/clerk");
        addServlet(context, "metrics", new MetricsServlet(metrics, settings.metricsToken()), "/metrics");
        addServlet(context, "health", new HealthServlet(database, json), "/health");
        addServlet(context, "error", new ErrorPageServlet(json), "/error");
        addServlet(context, "not-found", new NotFoundServlet(), "/");
        if (settings.clerkApi().isPresent()) {
            startAdminApi(context, new Core(settings, database.dataSource(), transactions, users, userSync, roles,
                    organizations, organizationSync, errors, json, metrics, records, deliveries, clock));
        }
    }

    /** What {@link #start} built that the admin API uses too. */
    private record Core(Settings settings, DataSource dataSource, Transactions transactions, UserRepository users,
            UserSync userSync, RolePolicy roles, OrganizationRepository organizations,
            OrganizationSync organizationSync, HttpErrors errors, JsonResponses json, SyncMetrics metrics,
            WebhookEventRepository records, DeliveryService deliveries, Clock clock) {
    }

    /** Session-token checks, the Backend API client and the {@code /api} endpoints. */
    private void startAdminApi(ServletContext context, Core core) {
        Settings settings = core.settings();
        Transactions transactions = core.transactions();
        UserRepository users = core.users();
        JsonResponses json = core.json();
        SyncMetrics metrics = core.metrics();
        Clock clock = core.clock();
        OrganizationDirectory directory = new OrganizationDirectory(core.organizations(), users);
        RoleChangeRepository roleChanges = new RoleChangeRepository(transactions);
        UserStore store = new UserStore(transactions, core.userSync(), roleChanges, clock);
        BearerAuthenticator authenticator = new BearerAuthenticator(
                new SessionTokenVerifier(settings.sessionTokens().orElseThrow(), clock),
                new RateLimiter("requests per caller", Rate.perMinute(settings.apiRatePerMinute()),
                        MAX_RATE_LIMITED_CALLERS, clock));
        // One bucket for every caller: the bound is on what /api/me spends of Clerk's limit, whoever asks.
        RateLimiter clerkLookups = new RateLimiter("Clerk lookups of users not yet synced",
                Rate.perSecond(settings.clerkCallsPerSecond()), 1, clock);
        ClerkClient clerk = new ClerkClient(settings.clerkApi().orElseThrow());

        // Deny by default: every /api path passes this filter, and one no rule names is refused.
        AccessRules rules = AccessRules.of(
                AccessRules.rule("/api/me", Access.SIGNED_IN),
                // Organization admins need not be global admins: MemberRoles decides per organization.
                AccessRules.rule("/api/organizations/*", Access.SIGNED_IN),
                AccessRules.rule("/api/admin/*", Access.ADMIN));
        addFilter(context, "access", new AccessFilter(authenticator, rules, users, settings.adminRole()), "/api/*");
        addServlet(context, "me", new MeServlet(users, store, directory, clerk, clerkLookups, json), "/api/me");
        RoleAssigner roleAssigner = new RoleAssigner(clerk, store, core.roles(), metrics);
        addServlet(context, "set-role", new SetRoleServlet(roleAssigner, json), "/api/admin/set-role");
        addServlet(context, "set-roles", new SetRolesServlet(roleAssigner, core.errors(), json),
                "/api/admin/set-roles");
        MemberRoles memberRoles = new MemberRoles(clerk, new MembershipStore(transactions, core.organizationSync(),
                core.organizations(), roleChanges, clock), core.organizations(), users,
                new MemberRoles.Policy(settings.adminRole(), settings.organizationRoles(),
                        settings.organizationAdminRole()), metrics);
        addServlet(context, "member-role", new MemberRoleServlet(memberRoles, directory, json),
                "/api/organizations/*");
        Reconciler reconciler = new Reconciler(clerk, transactions, core.userSync(), users, core.organizationSync(),
                core.organizations(), clock);
        // Its job thread is stopped before the pool closes: resources close in reverse order.
        ReconcileJobs reconcileJobs = open(new ReconcileJobs(core.transactions(), reconciler, metrics, clock));
        context.addServlet("reconcile", new ReconcileServlet(reconcileJobs, reconciler, json))
                .addMapping("/api/admin/reconcile", "/api/admin/reconcile/*");
        context.addServlet("users", new UsersServlet(users, directory, settings.roles(), json))
                .addMapping("/api/admin/users", "/api/admin/users/*");
        context.addServlet("organizations", new OrganizationsServlet(directory, json))
                .addMapping("/api/admin/organizations", "/api/admin/organizations/*");
        addServlet(context, "role-changes", new RoleChangesServlet(roleChanges, json), "/api/admin/role-changes");
        addServlet(context, "webhook-events", new WebhookEventsServlet(core.records(), json),
                "/api/admin/webhook-events");
        addServlet(context, "webhook-replay", new ReplayServlet(core.deliveries(), json),
                "/api/admin/webhook-events/*");
    }

    private <T extends AutoCloseable> T open(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Closes in reverse order of opening; safe to call twice. */
    private void stop() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
        deregisterDrivers();
    }

    // Tomcat reports a leak for every JDBC driver this WAR's class loader registered and left behind.
    private static void deregisterDrivers() {
        ClassLoader ours = ClerkSyncApplication.class.getClassLoader();
        // The first getDrivers() in a webapp can itself load our copy of the driver (when Tomcat's
        // lib/ holds one too), which registers only after that list was taken: so ask twice.
        DriverManager.getDrivers();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == ours) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.warn("Deregistering JDBC driver {} failed: {}", driver, e.toString());
                }
            }
        }
    }

    private static void addServlet(ServletContext context, String name, Servlet servlet, String path) {
        context.addServlet(name, servlet).addMapping(path);
    }

    private static void addFilter(ServletContext context, String name, Filter filter, String path) {
        context.addFilter(name, filter).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, path);
    }
}
