namespace TaskConsole.Core.Domain;

/// <summary>The CRM's task attribute keys and the seed API's enumerations.</summary>
public static class CrmVocabulary
{
    public const string TaskTypeKey = "taskType";
    public const string CaseIdKey = "caseId";
    public const string CaseTypeKey = "caseType";
    public const string CaseOwnerIdKey = "caseOwnerId";
    public const string SupercaseIdKey = "supercaseId";
    public const string InteractionIdKey = "interactionId";
    public const string UnableToCompleteKey = "unableToComplete";

    public static readonly IReadOnlyList<string> TaskTypes =
    [
        "answerInboundVoiceCall", "handleInboundInteraction", "handleUnboundInboundInteraction", "makeScheduledCall",
        "replyToNewConvo", "replyToNewText", "replyToNewWebChat", "replyToAbandonedWebChat",
        "reviewEscalatedCaseAgent", "reviewEscalatedCaseAgentUrgent", "reviewEscalatedCaseTeam", "reviewEscalatedCaseTeamUrgent",
        "reviewDocumentUpload", "reviewSnoozedCase", "reviewAutoCreatedCase", "reviewAutoUpdatedCase",
        "reviewCaseInstructions", "reviewVoicemail", "smartReviewCase",
    ];

    public static readonly IReadOnlyList<string> CaseTypes =
    [
        "generic", "bankruptcy", "ceaseCommunication", "collection", "deceased", "disputeOfDebt", "federalEmergency",
        "identityTheft", "legalAction", "militaryDuty", "debtValidation", "oFACSanctionedIndividual", "disputeOfPurchase", "creditBureauDispute",
    ];
}
