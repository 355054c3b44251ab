using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Protocol;

/// <summary>
/// OpenIddict's event dispatcher with the work that repeats on every event done once: OpenIddict's walks the whole
/// handler list (a few hundred descriptors) for each event, then resolves every filter and handler of that event from
/// DI. Here each event type's handlers are listed once per options instance (a key rotation makes a new one), and the
/// filters and handlers registered as singletons are resolved once; scoped ones are still resolved from the request's
/// scope. Handlers run in the same order, behind the same filters, and stop as OpenIddict's do: when the request is
/// handled or skipped, or the context rejected.
/// </summary>
public sealed class ServerDispatcher(IOptionsMonitor<OpenIddictServerOptions> options, IServiceProvider provider, ServerPipelines pipelines)
    : IOpenIddictServerDispatcher
{
    public async ValueTask DispatchAsync<TContext>(TContext context) where TContext : BaseContext
    {
        foreach (var step in pipelines.For<TContext>(options.CurrentValue, provider))
        {
            if (!await step.IsActiveAsync(context, provider))
            {
                continue;
            }
            await step.Handler(provider).HandleAsync(context);
            if (context is BaseRequestContext { IsRequestHandled: true } or BaseRequestContext { IsRequestSkipped: true } or
                BaseValidatingContext { IsRejected: true })
            {
                return;
            }
        }
    }
}

/// <summary>Each event type's handlers in order, with what can be resolved once already resolved (a singleton).</summary>
public sealed class ServerPipelines(IReadOnlySet<Type> singletons)
{
    private readonly ConditionalWeakTable<OpenIddictServerOptions, ConcurrentDictionary<Type, object>> byOptions = new();

    public IReadOnlyList<Step<TContext>> For<TContext>(OpenIddictServerOptions options, IServiceProvider provider) where TContext : BaseContext =>
        (IReadOnlyList<Step<TContext>>)byOptions.GetOrCreateValue(options).GetOrAdd(typeof(TContext), _ =>
            options.Handlers.Where(d => d.ContextType == typeof(TContext)).Select(d => new Step<TContext>(d, singletons, provider)).ToArray());

    public sealed class Step<TContext> where TContext : BaseContext
    {
        private readonly Type handlerType;
        private readonly IOpenIddictServerHandler<TContext>? handler;
        private readonly Type[] filterTypes;
        private readonly IOpenIddictServerHandlerFilter<TContext>?[] filters;

        public Step(OpenIddictServerHandlerDescriptor descriptor, IReadOnlySet<Type> singletons, IServiceProvider provider)
        {
            handlerType = descriptor.ServiceDescriptor.ServiceType;
            handler = descriptor.ServiceDescriptor.ImplementationInstance as IOpenIddictServerHandler<TContext> ??
                (descriptor.ServiceDescriptor.Lifetime == ServiceLifetime.Singleton ? Resolve<IOpenIddictServerHandler<TContext>>(provider, handlerType) : null);
            filterTypes = [.. descriptor.FilterTypes];
            filters = [.. filterTypes.Select(type => singletons.Contains(type) ? Resolve<IOpenIddictServerHandlerFilter<TContext>>(provider, type) : null)];
        }

        public IOpenIddictServerHandler<TContext> Handler(IServiceProvider scope) =>
            handler ?? Resolve<IOpenIddictServerHandler<TContext>>(scope, handlerType);

        public async ValueTask<bool> IsActiveAsync(TContext context, IServiceProvider scope)
        {
            for (var i = 0; i < filters.Length; i++)
            {
                var filter = filters[i] ?? Resolve<IOpenIddictServerHandlerFilter<TContext>>(scope, filterTypes[i]);
                if (!await filter.IsActiveAsync(context))
                {
                    return false;
                }
            }
            return true;
        }

        private static T Resolve<T>(IServiceProvider provider, Type type) =>
            provider.GetService(type) is T service ? service : throw new InvalidOperationException($"{type} is not registered as a {typeof(T).Name}.");
    }
}
