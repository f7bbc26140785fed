using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// A self-signed certificate for localhost and 127.0.0.1, made when a test runs (never committed),
/// written as PEM files the way an operator would configure Kestrel.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("webtcpchat-cert-").FullName;

    public TestCertificate()
    {
        CertificatePath = Path.Combine(_folder, "chat.crt");
        KeyPath = Path.Combine(_folder, "chat.key");
        Certificate = Issue();
    }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    /// <summary>The certificate now in the files.</summary>
    public X509Certificate2 Certificate { get; private set; }

    /// <summary>Settings that give the named Kestrel endpoint this certificate.</summary>
    public Dictionary<string, string?> EndpointSettings(string endpoint) => new()
    {
        [$"Kestrel:Endpoints:{endpoint}:Url"] = "https://127.0.0.1:0",
        [$"Kestrel:Endpoints:{endpoint}:Certificate:Path"] = CertificatePath,
        [$"Kestrel:Endpoints:{endpoint}:Certificate:KeyPath"] = KeyPath,
    };

    /// <summary>Writes a new certificate over the old files, as a renewal would.</summary>
    public X509Certificate2 Renew()
    {
        var previous = Certificate;
        Certificate = Issue();
        previous.Dispose();
        return Certificate;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private X509Certificate2 Issue()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        // Write the key first and the certificate last: a watcher that sees the certificate change
        // finds a matching key already in place.
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        return certificate;
    }
}
