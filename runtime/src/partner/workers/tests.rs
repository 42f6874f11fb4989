use std::sync::mpsc;
use std::time::Duration;

use windows_core::implement;

use super::*;
use crate::bindings::*;

struct Quiet;
impl ContentPartner for Quiet {}

#[implement(IWMPContentPartnerCallback)]
struct Silent;
impl IWMPContentPartnerCallbackHandler for Silent {}

fn session() -> Arc<Session> {
    let player: IWMPContentPartnerCallback = Silent.into();
    Arc::new(Session::new(&player).expect("a session"))
}

#[test]
fn a_panicking_job_leaves_its_worker_serving_the_next_one() {
    let _apartment = Apartment::multithreaded();
    let workers = Workers::new(Arc::new(Store::new(Quiet)), None);
    let session = session();
    workers.submit(Kind::Buy, Arc::clone(&session), Box::new(|_, _| panic!("a job that panics"))).unwrap();
    let (done, ran) = mpsc::channel();
    workers.submit(Kind::Buy, session, Box::new(move |_, _| done.send(()).unwrap())).unwrap();
    ran.recv_timeout(Duration::from_secs(10)).expect("the job after the panic ran on the same worker");
}

#[test]
fn jobs_of_an_ended_session_are_dropped_unrun() {
    let _apartment = Apartment::multithreaded();
    let workers = Workers::new(Arc::new(Store::new(Quiet)), None);
    let (first, second) = (session(), session());
    let (gate_open, gate) = mpsc::channel::<()>();
    let (started, start) = mpsc::channel::<()>();
    let (ran, runs) = mpsc::channel::<&'static str>();
    // The first job holds the worker until the gate opens; meanwhile two more are queued.
    let hold = move |_: &Quiet, _: &Session| {
        started.send(()).unwrap();
        gate.recv().unwrap();
    };
    workers.submit(Kind::List, Arc::clone(&first), Box::new(hold)).unwrap();
    let r = ran.clone();
    workers.submit(Kind::List, Arc::clone(&first), Box::new(move |_, _| r.send("first").unwrap())).unwrap();
    workers.submit(Kind::List, second, Box::new(move |_, _| ran.send("second").unwrap())).unwrap();
    start.recv_timeout(Duration::from_secs(10)).expect("the first job started");
    // Ending the first session from here waits (bounded) for its running job; open the gate from
    // another thread so that job finishes.
    let opener = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        gate_open.send(()).unwrap();
    });
    assert!(first.end(), "the running job finished within the bound");
    opener.join().unwrap();
    assert_eq!(runs.recv_timeout(Duration::from_secs(10)), Ok("second"));
    assert!(runs.try_recv().is_err(), "the ended session's queued job never ran");
}

#[test]
fn a_full_queue_refuses_with_e_busy() {
    let _apartment = Apartment::multithreaded();
    let workers = Workers::new(Arc::new(Store::new(Quiet)), None);
    let session = session();
    let (gate_open, gate) = mpsc::channel::<()>();
    let (started, start) = mpsc::channel::<()>();
    workers
        .submit(
            Kind::Device,
            Arc::clone(&session),
            Box::new(move |_, _| {
                started.send(()).unwrap();
                gate.recv().unwrap();
            }),
        )
        .unwrap();
    start.recv_timeout(Duration::from_secs(10)).unwrap();
    for _ in 0..QUEUE_BOUND {
        workers.submit(Kind::Device, Arc::clone(&session), Box::new(|_, _| {})).unwrap();
    }
    let refused = workers.submit(Kind::Device, Arc::clone(&session), Box::new(|_, _| {}));
    assert_eq!(refused.unwrap_err().code(), E_BUSY);
    gate_open.send(()).unwrap();
}
