namespace TaskConsole.Core.Domain;

public enum TaskAssignmentStatus
{
    Pending,
    Reserved,
    Assigned,
    Wrapping,
    Completed,
    Canceled,
}

public enum ReservationStatus
{
    Pending,
    Accepted,
    Rejected,
    Timeout,
    Canceled,
    Rescinded,
    Wrapping,
    Completed,
}

public enum TaskOrder
{
    Fifo,
    Lifo,
}

/// <summary>Twilio's lowercase wire names for the statuses, and back.</summary>
public static class StatusNames
{
    public static string ToWire(this TaskAssignmentStatus status) => status switch
    {
        TaskAssignmentStatus.Pending => "pending",
        TaskAssignmentStatus.Reserved => "reserved",
        TaskAssignmentStatus.Assigned => "assigned",
        TaskAssignmentStatus.Wrapping => "wrapping",
        TaskAssignmentStatus.Completed => "completed",
        _ => "canceled",
    };

    public static string ToWire(this ReservationStatus status) => status switch
    {
        ReservationStatus.Pending => "pending",
        ReservationStatus.Accepted => "accepted",
        ReservationStatus.Rejected => "rejected",
        ReservationStatus.Timeout => "timeout",
        ReservationStatus.Canceled => "canceled",
        ReservationStatus.Rescinded => "rescinded",
        ReservationStatus.Wrapping => "wrapping",
        _ => "completed",
    };

    public static string ToWire(this TaskOrder order) => order == TaskOrder.Lifo ? "LIFO" : "FIFO";

    public static bool IsTerminated(this TaskAssignmentStatus status) => status is TaskAssignmentStatus.Completed or TaskAssignmentStatus.Canceled;

    /// <summary>Statuses in which a reservation holds a slot of the worker's channel capacity.</summary>
    public static bool HoldsCapacity(this ReservationStatus status) => status is ReservationStatus.Pending or ReservationStatus.Accepted or ReservationStatus.Wrapping;
}
