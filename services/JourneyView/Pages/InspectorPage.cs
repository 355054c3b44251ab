using System.Text;
using TokenJourney.JourneyView.Inspector;
using static TokenJourney.JourneyView.Pages.Html;

namespace TokenJourney.JourneyView.Pages;

/// <summary>
/// The token inspector. The pasted token is posted to this journey view only (never to a URL, never stored, never
/// echoed back): with JavaScript the result replaces the result panel and the textarea keeps its text.
/// </summary>
public static class InspectorPage
{
    public static string Render(string? authority, string? resultHtml, DashboardOptions dashboard)
    {
        var body = $"""
            <p class="muted">Paste a JWT to decode it. Nothing you paste is stored or sent anywhere but this local journey view.
            The signature is checked against the identity provider's JWKS{(authority is null ? "" : $" (<span class=\"mono\">{E(authority)}/protocol/openid-connect/certs</span>)")} or a key you paste.</p>
            <form id="inspect" method="post" action="/inspector" autocomplete="off">
              <div class="cols">
                <label style="display:block">Token<br><textarea name="token" id="token" rows="9" style="width:100%" spellcheck="false" placeholder="eyJhbGciOi..."></textarea></label>
                <div>
                  <fieldset style="border:1px solid #dde1e8;background:#fff">
                    <legend>Verify the signature with</legend>
                    <label><input type="radio" name="keySource" value="jwks" checked> the identity provider's JWKS</label><br>
                    <label><input type="radio" name="keySource" value="pasted"> this key (JWKS, JWK, PEM public key, or HS* secret):</label>
                    <textarea name="key" id="key" rows="4" style="width:100%" spellcheck="false"></textarea>
                  </fieldset>
                  <p><button class="primary" id="inspect-button">Inspect</button></p>
                </div>
              </div>
            </form>
            <div id="result">{resultHtml}</div>
            """;
        return Page("Token inspector", "Token inspector", body, dashboard, Script);
    }

    public static string Result(TokenInspection inspection)
    {
        if (!inspection.IsValid)
        {
            return $"<div class=\"warn Danger\" id=\"inspect-error\">{E(inspection.Error)}</div>";
        }
        var times = new StringBuilder();
        foreach (var t in inspection.Times)
        {
            times.Append($"<dt>{t.Claim}</dt><dd><strong>{E(t.Relative)}</strong> <span class=\"muted\">({t.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)</span></dd>");
        }
        var warnings = new StringBuilder();
        foreach (var w in inspection.Warnings)
        {
            warnings.Append($"<div class=\"warn {w.Level}\">{(w.Level == WarningLevel.Info ? "ℹ" : "⚠")} {E(w.Message)}</div>");
        }
        var signature = inspection.Signature ?? new SignatureCheck(SignatureOutcome.NotChecked, "Signature not checked.");
        return $"""
            <div id="inspection">
            <div class="sig {signature.Outcome}" id="signature" data-outcome="{signature.Outcome}">{(signature.Outcome == SignatureOutcome.Verified ? "✔" : "✖")} {E(signature.Message)}</div>
            <div id="warnings">{(warnings.Length == 0 ? "<div class=\"warn Info\">No warnings.</div>" : warnings.ToString())}</div>
            <h2>Times</h2>
            <dl class="kv" id="times">{(times.Length == 0 ? "<dt>—</dt><dd>no time claims</dd>" : times.ToString())}</dl>
            <div class="cols">
              <div><h2>Header <span class="muted">alg {E(inspection.Algorithm ?? "none")}{(inspection.KeyId is null ? "" : ", kid " + E(inspection.KeyId))}</span></h2><pre id="header">{E(inspection.HeaderJson)}</pre></div>
              <div><h2>Payload</h2><pre id="payload">{E(inspection.PayloadJson)}</pre></div>
            </div>
            </div>
            """;
    }

    private const string Script = """
        document.getElementById('inspect').addEventListener('submit', async e => {
          e.preventDefault();
          const r = await fetch('/inspector/result', {method: 'POST', body: new URLSearchParams(new FormData(e.target)), cache: 'no-store'});
          document.getElementById('result').innerHTML = await r.text();
        });
        """;
}
