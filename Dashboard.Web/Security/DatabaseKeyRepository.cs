using System.Xml.Linq;
using Dapper;
using Dashboard.Data;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Dashboard.Web.Security;

/// <summary>
/// The sign-in keys (ASP.NET Core Data Protection) in the PostgreSQL database, shared by every app server: a cookie
/// issued by one is honoured by all, and the first server to need a new key writes it for the others. Like the key
/// files of a SQLite install, the rows are as sensitive as the data: whoever can read the table can mint sessions.
/// </summary>
public sealed class DatabaseKeyRepository(DashboardDb db) : IXmlRepository
{
    // Data Protection asks synchronously, rarely (at start and when the key ring is refreshed, about once a day).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = db.OpenAsync().GetAwaiter().GetResult();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY friendly_name")
            .Select(xml => XElement.Parse(xml))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = db.OpenAsync().GetAwaiter().GetResult();
        connection.Execute("INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@friendlyName, @xml) ON CONFLICT DO NOTHING",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
