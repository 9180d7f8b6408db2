namespace TaskConsole.Web.Security;

/// <summary>What a caller may do in a company: viewers read, supervisors also act on tasks, admins also manage keys.</summary>
public enum CompanyRole
{
    Viewer = 1,
    Supervisor = 2,
    Admin = 3,
}

public static class TaskConsoleClaims
{
    /// <summary>One claim per company the caller may see, valued <c>{companyId}:{role}</c>; company <c>*</c> means every company.</summary>
    public const string CompanyRole = "taskconsole:company_role";

    public static bool TryParseRole(string? text, out CompanyRole role) =>
        Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role);
}
