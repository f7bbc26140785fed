using System.ComponentModel.DataAnnotations;

namespace WebTcpChat.Hosting;

/// <summary>The <c>Logs</c> section: how the console log looks.</summary>
internal sealed class LogsOptions
{
    public const string SectionName = "Logs";

    /// <summary><c>Text</c> for people, <c>Json</c> (Serilog's compact JSON, one event per line) for log shippers.</summary>
    [AllowedValues("Text", "Json", ErrorMessage = "Logs:Format must be Text or Json.")]
    public string Format { get; set; } = "Text";
}
