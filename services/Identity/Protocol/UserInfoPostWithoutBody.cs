namespace TokenJourney.Identity.Protocol;

/// <summary>
/// OIDC Core 5.3.1 lets a client POST to userinfo with the access token in the Authorization header, and then there is
/// no body to describe. OpenIddict refuses any POST without a form Content-Type (invalid_request), so a body-less POST
/// is labelled as an empty form before OpenIddict reads it.
/// </summary>
public static class UserInfoPostWithoutBody
{
    public static IApplicationBuilder UseUserInfoPostWithoutBody(this IApplicationBuilder app, string userInfoPath) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsPost(request.Method) && request.Path.Equals(userInfoPath, StringComparison.Ordinal) &&
                string.IsNullOrEmpty(request.ContentType) && request.ContentLength is null or 0)
            {
                request.ContentType = "application/x-www-form-urlencoded";
            }
            return next(context);
        });
}
